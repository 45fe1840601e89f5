/**
 * "Same event" features: the meaning-bearing words of a headline and its lede, and their Jaccard similarity.
 *
 * Why 1-word shingles of prefix-stemmed content words, compared exactly:
 * - AFP, Reuters and AP word the same event differently ("US troops leave Bagram" / "Last American forces quit
 *   Bagram airfield"). Longer shingles (2–3 words) almost never survive a rewording, so they measure "same
 *   copy", not "same event"; single content words do, once function words and reporting verbs are dropped and
 *   words are cut to their first 5 letters ("withdraws"/"withdrawal", "troop"/"troops", "Afghan"/"Afghanistan").
 * - A channel remembers at most a few thousand stories of ~40 features each; an exact Jaccard over sorted
 *   32-bit hashes is a merge of two short arrays, well under a millisecond for 1,000 stories. MinHash would only
 *   add estimation error at this size, and SimHash is unreliable on 30-word texts.
 * - Only the headline and the lede: later paragraphs are background that different events share (two Taliban
 *   stories on one day both recap the offensive), which is what keeps such stories apart.
 */
import { splitSentences } from '../summary/split-sentences.js';
import { hashText, normaliseForCompare } from './fingerprint-text.js';

/**
 * Similarity at or above which two outlets' stories are one event. Chosen on the labelled set
 * (tests/fixtures/lifecycle): its cross-outlet pairs score 0.26–0.70, its other-feed hard negatives inside the window
 * at most 0.21, so the margin is thin on the low side; a config key can move it once delivery is wired.
 */
export const SAME_EVENT_THRESHOLD = 0.25;
/** Default window within which two stories can be one event: a next-day follow-up is a new alert. */
export const SAME_EVENT_WINDOW_MS = 6 * 60 * 60 * 1000;

const STEM_LENGTH = 5;
const LEDE_WORDS = 45;
const STOPWORDS = new Set(
  (
    'a an the and or but nor of in on at to for from by with without into onto over under after before about ' +
    'as is are was were be been being has have had do does did will would shall should can could may might must ' +
    'it its this that these those there here their they them he she his her him we our you your i me my who whom ' +
    'which what when where why how than then so if not no yes also just more most less very up down out off ' +
    'said says say saying told tells according reported reports report added adding statement ' +
    'new news latest update live reuters afp ap agence france presse associated press dpa bbc ' +
    'one two three some all any other such own same both each few many much while during since until ' +
    'mr mrs ms per via amid against between among around near'
  ).split(' '),
);
// "KABUL, July 2 (Reuters) -", "KABUL, Afghanistan (AP) —", "Kabul (AFP) -": the outlet's own words.
const DATELINE = /^[^()]{0,80}\((?:[\p{L}.' ]{1,30})\)\s*[-–—:]+\s*/u;

/** The lede: the body's first sentence (or two when the first is short), without the dateline. */
export function readLede(body: string): string {
  const text = body.replace(DATELINE, '');
  const spans = splitSentences(text);
  let end = 0;
  for (const span of spans) {
    end = span.end;
    if (text.slice(0, end).split(' ').length >= 20) break;
  }
  return text.slice(0, end || text.length).split(' ').slice(0, LEDE_WORDS).join(' ');
}

/** Sorted, distinct hashes of the stemmed content words of a clean headline and lede. */
export function buildEventFeatures(headline: string, lede: string): number[] {
  const words = normaliseForCompare(`${headline} ${lede}`).split(' ');
  const hashes = new Set<number>();
  for (const word of words) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    hashes.add(hashText(word.slice(0, STEM_LENGTH)));
  }
  return [...hashes].sort((a, b) => a - b);
}

/** Jaccard similarity of two sorted, distinct feature arrays: 0 when either is empty. */
export function measureEventSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}
