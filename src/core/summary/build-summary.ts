/**
 * The alert summary: the lead (first one or two sentences, ≤ 300 characters) and, when the headline does
 * not show why the story matched, the sentence with the first match, as runs: matched terms are highlighted runs.
 */
import type { PreparedArticle } from '../matcher/prepare-article.js';
import type { TermSpec } from '../matcher/term-spec.js';
import type { TextRun } from '../model.js';
import { findTermRanges, toHighlightedRuns, toHighlightSpec } from './find-term-ranges.js';
import { splitSentences, type Span } from './split-sentences.js';

export const SUMMARY_PART_MAX = 300;

export function buildSummary(article: PreparedArticle, matched: string[]): TextRun[] {
  const body = article.text;
  if (body === '') return [];
  const specs = matched.map(toHighlightSpec).filter((s): s is TermSpec => s !== null);
  const sentences = splitSentences(body);
  const lead = pickLead(body, sentences);
  const parts = [capAtWord(body.slice(lead.start, lead.end), SUMMARY_PART_MAX)];

  if (findTermRanges(article.title, specs).length === 0) {
    const first = findTermRanges(body, specs)[0];
    const shownUpTo = lead.start + parts[0]!.replace(/…$/u, '').length;
    if (first && first.end > shownUpTo) {
      const sentence = sentences.find((s) => s.end >= first.end) ?? { start: 0, end: body.length };
      const excerpt = cutAround(body, sentence, first, SUMMARY_PART_MAX);
      const adjacent = sentence.start >= lead.end && body.slice(lead.end, sentence.start).trim() === '' && !parts[0]!.endsWith('…');
      // One ellipsis marks any gap: between the lead and a later sentence, or into a cut sentence.
      if (excerpt.startsWith('…')) parts.push(' … ', excerpt.slice(1));
      else parts.push(adjacent ? ' ' : ' … ', excerpt);
    }
  }
  const summary = parts.join('');
  return toHighlightedRuns(summary, findTermRanges(summary, specs));
}

/** The first sentence, with the second too when both fit. */
function pickLead(body: string, sentences: Span[]): Span {
  const [first, second] = sentences;
  if (!first) return { start: 0, end: body.length };
  if (second && second.end - first.start <= SUMMARY_PART_MAX) return { start: first.start, end: second.end };
  return first;
}

/** `text` capped at `max` characters, cut at a word boundary with "…". */
function capAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.lastIndexOf(' ', max - 1);
  if (cut < max / 2) cut = max - 1;
  return `${text.slice(0, cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** The sentence holding `hit`, cut to `max` characters around it at word boundaries. */
function cutAround(body: string, sentence: Span, hit: Span, max: number): string {
  if (sentence.end - sentence.start <= max) return body.slice(sentence.start, sentence.end);
  let start = Math.max(sentence.start, hit.start - Math.floor(max / 3));
  if (start > sentence.start) {
    const space = body.indexOf(' ', start);
    start = space !== -1 && space < hit.start ? space + 1 : hit.start;
  }
  const text = capAtWord(body.slice(start, sentence.end), max - (start > sentence.start ? 1 : 0));
  return start > sentence.start ? `…${text}` : text;
}
