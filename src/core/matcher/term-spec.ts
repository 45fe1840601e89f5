/** How one query term is looked for in folded text. Shared by the compiled matcher and the summary highlighter. */
import type { TermNode } from '../query/query-ast.js';
import { foldAccents, foldCase, hasAccents, isWordAt, isWordBefore } from '../text/fold.js';

export interface TermSpec {
  /** Case-folded term; accent-folded too unless `accented`. */
  needle: string;
  /** The term has accents: it is looked for in the case-folded text only ("smart" folding). */
  accented: boolean;
  prefix: boolean;
  titleOnly: boolean;
  /** Units before the first word character of the needle (`#` in `#MeToo`); -1 when it has no word character. */
  lead: number;
  /** The needle's first run of word characters: it is always a whole word of the text where the term matches. */
  head: string;
  /** The head ends the needle and the term is a prefix: the head is the start of a text word, not a whole one. */
  headIsPrefix: boolean;
  /** The head without accents: where an accented term's head occurs, this occurs in the unaccented view. */
  indexKey: string;
  /**
   * The needle's second word, unaccented, when it must be a whole word of the text (it is, unless it ends a
   * prefix term): then it is the text word right after the head, and phrases can be indexed by both.
   */
  secondKey: string | null;
}

export function toTermSpec(t: TermNode): TermSpec {
  const cased = foldCase(t.text);
  const accented = hasAccents(cased);
  const needle = accented ? cased : foldAccents(cased);
  let lead = 0;
  while (lead < needle.length && !isWordAt(needle, lead)) lead++;
  let end = lead;
  while (end < needle.length && isWordAt(needle, end)) end += needle.codePointAt(end)! > 0xffff ? 2 : 1;
  const hasWord = lead < needle.length;
  let second = end;
  while (second < needle.length && !isWordAt(needle, second)) second++;
  let secondEnd = second;
  while (secondEnd < needle.length && isWordAt(needle, secondEnd)) secondEnd += needle.codePointAt(secondEnd)! > 0xffff ? 2 : 1;
  const secondWhole = second < needle.length && !(t.prefix && secondEnd === needle.length);
  return {
    needle,
    accented,
    prefix: t.prefix,
    titleOnly: t.field === 'title',
    lead: hasWord ? lead : -1,
    head: needle.slice(lead, end),
    headIsPrefix: t.prefix && hasWord && end === needle.length,
    indexKey: foldAccents(needle.slice(lead, end)),
    secondKey: secondWhole ? foldAccents(needle.slice(second, secondEnd)) : null,
  };
}

/** Does the needle occur at `start` of the view, as a whole word (or a word start, for a prefix)? */
export function occursAt(view: string, start: number, spec: TermSpec, titleEnd: number): boolean {
  const end = start + spec.needle.length;
  if (start < 0 || (spec.titleOnly && end > titleEnd)) return false;
  if (!view.startsWith(spec.needle, start)) return false;
  if (isWordBefore(view, start)) return false;
  return spec.prefix || !isWordAt(view, end);
}

/** Every start of the needle in the view (used for terms without a word character, and for highlighting). */
export function findOccurrences(view: string, spec: TermSpec, titleEnd: number, firstOnly: boolean): number[] {
  const out: number[] = [];
  if (spec.needle === '') return out;
  let i = view.indexOf(spec.needle);
  while (i !== -1) {
    if (occursAt(view, i, spec, titleEnd)) {
      out.push(i);
      if (firstOnly) break;
    }
    i = view.indexOf(spec.needle, i + 1);
  }
  return out;
}
