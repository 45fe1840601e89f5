/** Where matched terms (as the matcher reports them) occur in a piece of clean text, for highlighting. */
import { parseQuery } from '../query/parse-query.js';
import { findOccurrences, toTermSpec, type TermSpec } from '../matcher/term-spec.js';
import { foldAccents, foldCase, isWordAt } from '../text/fold.js';
import type { TextRun } from '../model.js';
import type { Span } from './split-sentences.js';

/** A term as typed (`Taliban`, `"Bagram air base"`, `Afghan*`, `title:Kabul`) → how to find it; null if it is not one term. */
export function toHighlightSpec(typed: string): TermSpec | null {
  try {
    const node = parseQuery(typed);
    return node.kind === 'term' ? toTermSpec({ ...node, field: 'any' }) : null;
  } catch {
    return null;
  }
}

/** Sorted, non-overlapping spans of every occurrence of any of the specs. A prefix spans its whole word. */
export function findTermRanges(text: string, specs: TermSpec[]): Span[] {
  if (specs.length === 0 || text === '') return [];
  const cased = foldCase(text);
  const plain = foldAccents(cased);
  const spans: Span[] = [];
  for (const spec of specs) {
    const view = spec.accented ? cased : plain;
    for (const start of findOccurrences(view, spec, Infinity, false)) {
      let end = start + spec.needle.length;
      if (spec.prefix) while (isWordAt(view, end)) end++;
      spans.push({ start, end });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** `text` as runs, each span a highlighted run. */
export function toHighlightedRuns(text: string, spans: Span[]): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start > at) runs.push({ kind: 'text', text: text.slice(at, s.start) });
    runs.push({ kind: 'text', text: text.slice(s.start, s.end), highlighted: true });
    at = s.end;
  }
  if (at < text.length) runs.push({ kind: 'text', text: text.slice(at) });
  return runs;
}
