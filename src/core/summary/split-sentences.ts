/** Sentence spans of clean text. Heuristic, tuned for wire copy: datelines, quotes, abbreviations, initials. */

export interface Span {
  start: number;
  end: number;
}

// End punctuation, optional closing quotes/brackets, a space, then something that can open a sentence.
const BOUNDARY = /([.!?…]+)["'”’)\]]*(?= +["'“‘(\[]?[\p{Lu}\p{N}])/gu;
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm', 'gov', 'sen', 'rep', 'prof',
  'jr', 'sr', 'no', 'vs', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'inc', 'corp', 'ltd', 'co', 'mt', 'ft', 'rev', 'hon', 'pres', 'approx', 'est', 'fig', 'op', 'vol',
]);

export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const punctAt = m.index;
    const end = punctAt + m[0].length;
    if (m[1] === '.' && isAbbreviation(text, punctAt)) continue;
    spans.push({ start, end });
    start = end;
    while (text[start] === ' ') start++;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

function isAbbreviation(text: string, dotAt: number): boolean {
  let i = dotAt;
  while (i > 0 && text[i - 1] !== ' ') i--;
  const word = text.slice(i, dotAt).replace(/^["'“‘(\[]+/u, '');
  // Initials and dotted abbreviations: "J. Biden", "U.S. forces", "a.m."
  if (/^\p{L}$/u.test(word) || word.includes('.')) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}
