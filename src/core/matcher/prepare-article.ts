/** An article extracted, folded and split into words once, then matched against any number of subscriptions. */
import { extractText } from '../extract-text.js';
import { foldAccents, foldCase, isWordAt } from '../text/fold.js';

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
  /** Word start/end offsets, flattened: [start0, end0, start1, end1, …]; shared by both views. */
  readonly words: Int32Array;
}

export function prepareArticle(rawTitle: string, rawBody: string): PreparedArticle {
  return prepareCleanArticle(extractText(rawTitle), extractText(rawBody));
}

/** For text that is already clean (stored articles, benchmarks without extraction). */
export function prepareCleanArticle(title: string, text: string): PreparedArticle {
  const folded = foldCase(`${title}\n${text}`);
  const unaccented = foldAccents(folded);
  return { title, text, folded, unaccented, titleEnd: title.length, words: splitWords(unaccented) };
}

// Folding keeps word characters word characters, so the word offsets hold for `folded` too.
function splitWords(s: string): Int32Array {
  let buf = new Int32Array(256);
  let count = 0;
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordAt(s, i)) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && isWordAt(s, i)) i += s.charCodeAt(i) >= 0xd800 && s.charCodeAt(i) <= 0xdbff ? 2 : 1;
    if (count + 2 > buf.length) {
      const bigger = new Int32Array(buf.length * 2);
      bigger.set(buf);
      buf = bigger;
    }
    buf[count++] = start;
    buf[count++] = i;
  }
  return buf.subarray(0, count);
}
