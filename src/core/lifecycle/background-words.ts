/**
 * Background words: event features so common in the article stream that two stories sharing them says nothing
 * about their being one event. The stopword list knows English function words; it does not know a wire's own
 * everyday vocabulary, nor any other language's "de", "la", "und". Without this, a stream in which most stories
 * share a few dozen such words reads as one event told by every outlet, and every alert after the first becomes
 * "also reported by" (bench/pipeline's standard corpus did exactly that to 99% of its alerts).
 *
 * Why learnt from the whole article stream, not from what a channel was alerted to: a channel's alerts are all
 * about what it follows, and a big event's copies are many, so the channel's own frequencies would call its topic
 * and the event itself background. Over every fresh article of every feed, a word above BACKGROUND_SHARE of the last
 * BACKGROUND_WINDOW articles is common language; "Taliban" on a busy Afghanistan day is a few percent of a wire.
 *
 * Counts are a count-min sketch (two rows of counters, the smaller of the two taken): fixed memory, no Map
 * of boxed 32-bit keys per observed word, and a collision can only overstate a count, which two rows make rare for
 * the few dozen words anywhere near the share. Until BACKGROUND_MIN_ARTICLES have been read (after a start) nothing
 * is background, which is the behaviour without this filter. Only words this process read in an article can be
 * background (kept in a small set, pruned as counts fall), so a sketch collision alone never makes a word one.
 */
import { buildEventFeatures, readLede } from './event-features.js';

/** A feature in more than this share of the window's articles is background. */
export const BACKGROUND_SHARE = 0.2;
/** Articles remembered, newest; the share is of these. */
export const BACKGROUND_WINDOW = 4000;
/** Below this many articles read, the shares mean little: nothing is background. */
export const BACKGROUND_MIN_ARTICLES = 200;

const SKETCH_SIZE = 1 << 16;
const SKETCH_MASK = SKETCH_SIZE - 1;
const MAX_WINDOW = 0xffff;

export interface BackgroundOptions {
  window?: number;
  share?: number;
  minArticles?: number;
}

export class BackgroundWords {
  readonly #window: Array<readonly number[] | undefined>;
  readonly #share: number;
  readonly #minArticles: number;
  #next = 0;
  #filled = 0;
  // 32-bit: a bucket holds the sum of every word hashed to it, which can pass the window's size.
  readonly #rowA = new Uint32Array(SKETCH_SIZE);
  readonly #rowB = new Uint32Array(SKETCH_SIZE);
  // The words read above the share when last observed: the only candidates for background, so a word no article
  // of this process carried (or one the sketch overstates by collisions alone) is never background, and "is any
  // word background" is this set's size.
  readonly #common = new Set<number>();
  #pruned = true;
  // An article's features are one array shared by its alerts in every channel: filtered once between observations.
  #filtered = new WeakMap<readonly number[], readonly number[]>();
  #version = 0;

  constructor(options: BackgroundOptions = {}) {
    const size = Math.max(1, Math.min(MAX_WINDOW, Math.floor(options.window ?? BACKGROUND_WINDOW)));
    this.#window = new Array<readonly number[] | undefined>(size);
    this.#share = options.share ?? BACKGROUND_SHARE;
    this.#minArticles = Math.min(size, options.minArticles ?? BACKGROUND_MIN_ARTICLES);
  }

  /**
   * Some word is background now. When none is (a wide vocabulary), comparisons skip the filtering altogether.
   */
  get active(): boolean {
    if (this.#filled < this.#minArticles) return false;
    this.#prune();
    return this.#common.size > 0;
  }

  /** Changes with every observation: what is background may have changed. */
  get version(): number {
    return this.#version;
  }

  /** Articles in the window now. */
  get articles(): number {
    return this.#filled;
  }

  /** One article's distinct features; the oldest article leaves a full window. Keeps a reference, never a copy. */
  observe(features: readonly number[]): void {
    const old = this.#window[this.#next];
    if (old) this.#count(old, -1);
    else this.#filled++;
    this.#window[this.#next] = features;
    this.#count(features, 1);
    this.#next = (this.#next + 1) % this.#window.length;
    const limit = this.#share * this.#filled;
    for (const f of features) if (this.#countOf(f) > limit) this.#common.add(f);
    this.#pruned = false;
    this.#filtered = new WeakMap();
    this.#version++;
  }

  isBackground(feature: number): boolean {
    return this.#filled >= this.#minArticles && this.#countOf(feature) > this.#share * this.#filled && this.#common.has(feature);
  }

  /** `features` without the background ones: the same array when none is (the common case, no garbage). */
  filter(features: readonly number[]): readonly number[] {
    if (!this.active) return features;
    let kept = this.#filtered.get(features);
    if (kept === undefined) {
      kept = features.some((f) => this.isBackground(f)) ? features.filter((f) => !this.isBackground(f)) : features;
      this.#filtered.set(features, kept);
    }
    return kept;
  }

  // Words leave the set lazily, once per batch of observations: a word's count only falls when articles leave.
  #prune(): void {
    if (this.#pruned) return;
    const limit = this.#share * this.#filled;
    for (const f of this.#common) if (this.#countOf(f) <= limit) this.#common.delete(f);
    this.#pruned = true;
  }

  #count(features: readonly number[], delta: number): void {
    for (const f of features) {
      this.#rowA[f & SKETCH_MASK]! += delta;
      this.#rowB[rehash(f)]! += delta;
    }
  }

  #countOf(feature: number): number {
    return Math.min(this.#rowA[feature & SKETCH_MASK]!, this.#rowB[rehash(feature)]!);
  }
}

// The high bits of a multiplicative rehash: independent enough of the low bits the first row uses.
function rehash(feature: number): number {
  return Math.imul(feature, 0x9e3779b1) >>> 16;
}

/** What an article adds to the stream's counts: the event features of its clean headline and lede. */
export function readStreamFeatures(title: string, text: string): number[] {
  return buildEventFeatures(title, readLede(text));
}
