/** Where matched terms (as the matcher reports them) occur in a piece of clean text, for highlighting. */
import { parseQuery } from '../query/parse-query.js';
import { findOccurrences, toTermSpec, type TermSpec } from '../matcher/term-spec.js';
import { foldAccents, foldCase, isWordAt } from '../text/fold.js';
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

/** Wraps each span in `**…**`. */
export function markSpans(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += `${text.slice(at, s.start)}**${text.slice(s.start, s.end)}**`;
    at = s.end;
  }
  return out + text.slice(at);
}
