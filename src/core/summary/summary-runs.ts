/**
 * Conversions at the edges of the typed summary. The console line and the webhook document keep the
 * documented `**term**` form (a contract scripts parse); outbox entries queued by a version that stored that
 * form are read back into runs. Nothing else reads or writes the marks.
 */
import type { TextRun } from '../model.js';

/** The documented console form: highlighted runs wrapped in `**`, everything else as it is. */
export function formatMarkedSummary(runs: readonly TextRun[]): string {
  return runs.map((run) => (run.highlighted ? `**${run.text}**` : run.text)).join('');
}

/** The summary as plain text, for places with no emphasis. */
export function formatPlainSummary(runs: readonly TextRun[]): string {
  return runs.map((run) => run.text).join('');
}

/**
 * Runs from a summary stored before summaries were typed (`**term**` marks) or from a hand-made alert. Only
 * for reading old outbox entries: new alerts carry runs from the start.
 */
export function readSummaryRuns(value: unknown): TextRun[] {
  if (Array.isArray(value)) {
    return value
      .filter((r): r is { text: string; highlighted?: unknown } => typeof r === 'object' && r !== null && typeof (r as { text?: unknown }).text === 'string')
      .map((r) => (r.highlighted === true ? { kind: 'text', text: r.text, highlighted: true } : { kind: 'text', text: r.text }));
  }
  if (typeof value !== 'string') return [];
  const runs: TextRun[] = [];
  let last = 0;
  for (const m of value.matchAll(/\*\*([^*\n]+?)\*\*/g)) {
    if (m.index > last) runs.push({ kind: 'text', text: value.slice(last, m.index) });
    runs.push({ kind: 'text', text: m[1]!, highlighted: true });
    last = m.index + m[0].length;
  }
  if (last < value.length) runs.push({ kind: 'text', text: value.slice(last) });
  return runs;
}
