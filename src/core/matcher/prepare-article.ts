/** An article extracted, folded and split into words once, then matched against any number of subscriptions. */
import { extractText } from '../extract-text.js';
import { ASCII_WORD, foldAccents, foldCase, isWordAt } from '../text/fold.js';
import { HASH_SEED, hashStep } from './word-table.js';

export interface PreparedArticle {
  /** Clean title (display text). */
  readonly title: string;
  /** Clean body (display text). */
  readonly text: string;
  /** foldCase(title + "\n" + text): same length, so positions are positions in the clean strings. */
  readonly folded: string;
  /** foldAccents(folded); the same string when the text has nothing to fold. */
  readonly unaccented: string;
  /** Length of the title part; the body starts at titleEnd + 1. No term can span the "\n". */
  readonly titleEnd: number;
  /**
   * The words of `unaccented`, WORD_STRIDE numbers each: start, end, hash of the word, hash of its first
   * PREFIX_UNITS units (0 when shorter). Folding keeps word characters word characters, so the offsets
   * hold for `folded` too.
   */
  readonly words: Int32Array;
}

export const WORD_STRIDE = 4;
export const PREFIX_UNITS = 3;

export function prepareArticle(rawTitle: string, rawBody: string): PreparedArticle {
  return prepareCleanArticle(extractText(rawTitle), extractText(rawBody));
}

/** For text that is already clean (stored articles, benchmarks without extraction). */
export function prepareCleanArticle(title: string, text: string): PreparedArticle {
  const folded = foldCase(`${title}\n${text}`);
  const unaccented = foldAccents(folded);
  return { title, text, folded, unaccented, titleEnd: title.length, words: splitWords(unaccented) };
}

function splitWords(s: string): Int32Array {
  let buf = new Int32Array(1024);
  let count = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c < 128 ? ASCII_WORD[c] === 0 : !isWordAt(s, i)) {
      i++;
      continue;
    }
    const start = i;
    let h = HASH_SEED;
    let h3 = 0;
    while (i < n) {
      c = s.charCodeAt(i);
      if (c < 128) {
        if (ASCII_WORD[c] === 0) break;
      } else {
        if (!isWordAt(s, i)) break;
        // An astral word character: take both halves of the pair.
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
          h = hashStep(h, c);
          i++;
          if (i - start === PREFIX_UNITS) h3 = h;
          c = s.charCodeAt(i);
        }
      }
      h = hashStep(h, c);
      i++;
      if (i - start === PREFIX_UNITS) h3 = h;
    }
    if (count + WORD_STRIDE > buf.length) {
      const bigger = new Int32Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    buf[count] = start;
    buf[count + 1] = i;
    buf[count + 2] = h;
    buf[count + 3] = h3;
    count += WORD_STRIDE;
  }
  return buf.subarray(0, count);
}
