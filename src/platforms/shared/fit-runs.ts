/**
 * Renders typed runs (core/template) into a platform's markup within a size limit. The cut happens on the
 * source text of one run, never inside an escape, a bold pair or a link, so what is sent is always well-formed
 * and never longer than the platform accepts.
 */
import type { MessageRun } from '../../core/template/fill-template.js';
import { collapseWhitespace } from './sanitize-text.js';

const ELLIPSIS = '…';

/** How one platform writes one run in one place (headline, body, footer). */
export type RunRenderer = (run: MessageRun) => string;

export function fitRuns(runs: readonly MessageRun[], max: number, render: RunRenderer): string {
  let out = '';
  for (const run of runs) {
    const piece = render(run);
    if (out.length + piece.length <= max) {
      out += piece;
      continue;
    }
    const room = max - out.length - ELLIPSIS.length;
    // No room for the ellipsis either: what fits so far is what is sent.
    if (room < 0) return out;
    // Links and times are atomic: either whole or left out.
    if (run.kind === 'text') out += longestFittingPrefix(run, room, render);
    return out + ELLIPSIS;
  }
  return out;
}

/** One-line places (headlines, footers, field names): every whitespace run, newlines included, is one space. */
export function toOneLine(runs: readonly MessageRun[]): MessageRun[] {
  const flattened = runs.map((run) => (run.kind === 'text' ? { ...run, text: run.text.replace(/\s+/gu, ' ') } : run));
  const first = flattened[0];
  if (first?.kind === 'text') flattened[0] = { ...first, text: first.text.trimStart() };
  const last = flattened[flattened.length - 1];
  if (last?.kind === 'text') flattened[flattened.length - 1] = { ...last, text: last.text.trimEnd() };
  return flattened.filter((run) => run.kind !== 'text' || run.text !== '');
}

/** True when the runs would show nothing (a field whose only placeholder was empty). */
export function isBlank(runs: readonly MessageRun[]): boolean {
  return runs.every((run) => run.kind === 'text' && collapseWhitespace(run.text) === '');
}

function longestFittingPrefix(run: Extract<MessageRun, { kind: 'text' }>, room: number, render: RunRenderer): string {
  if (room <= 0) return '';
  const points = Array.from(run.text);
  let lo = 0;
  let hi = points.length;
  // The rendered length grows with the prefix: binary search the cut.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render({ ...run, text: points.slice(0, mid).join('') }).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : render({ ...run, text: points.slice(0, lo).join('').trimEnd() });
}

/** Leading and trailing whitespace of the whole run list removed (block places: descriptions, sections). */
export function trimRuns<R extends MessageRun>(runs: readonly R[]): R[] {
  const out = [...runs];
  const first = out[0];
  if (first?.kind === 'text') out[0] = { ...first, text: first.text.trimStart() };
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out.filter((run) => run.kind !== 'text' || run.text !== '');
}
