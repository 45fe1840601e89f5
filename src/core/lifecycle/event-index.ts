/**
 * An inverted index from event feature (a stemmed content word) to the remembered stories that have it. Deciding
 * "same event?" against every story a busy channel remembers was a Jaccard merge per story per alert, most of
 * the lifecycle's cost in bench/pipeline; counting shared features through the index touches only stories that
 * share a word, and the count gives the exact Jaccard (features are distinct), so decisions do not change.
 *
 * Typed arrays throughout: features are 32-bit hashes (mostly outside V8's small integers, so a Map keyed by
 * them boxes a number per lookup) and a channel holds tens of thousands, so a Map of arrays was the cost and
 * the garbage. Here: an open-addressing table from feature to the newest entry of its posting list, entries
 * linked to older ones, records in slots numbered in insertion order. Removal only empties the slot; the
 * index is rebuilt once more than half of the slots are dead. Mutable on purpose: one per channel lives in
 * that channel's ClusterMemory.
 */
export interface IndexedEvent {
  readonly features: readonly number[];
}

const EMPTY = -1;

export class EventIndex<T extends IndexedEvent> {
  #slots: Array<T | undefined> = [];
  #slotOf = new Map<T, number>();
  // Open addressing: keys[h] is a feature, heads[h] its newest entry (EMPTY: bucket unused).
  #keys = new Uint32Array(4096);
  #heads = new Int32Array(4096).fill(EMPTY);
  #used = 0;
  // Posting entries: the slot, and the next (older) entry of the same feature.
  #entrySlot = new Int32Array(8192);
  #entryNext = new Int32Array(8192);
  #entries = 0;
  // One bit per hashed feature: most features of a new story are in no remembered one, and a 128 KiB bitset
  // answers that without touching the table (which no longer fits in cache when channels interleave).
  #bits = new Uint32Array(1 << 15);
  #counts = new Int32Array(64);
  // Feature count per slot, so the similarity is computed without touching the record objects (scattered in the
  // heap: a cache miss each) for the many that share a word or two and are not the same event.
  #sizes = new Int32Array(64);
  // Per slot, for findBest: a caller's tag (the feed) and a time (the event's), so the usual filters run on
  // typed arrays too.
  #tags = new Int32Array(64);
  #times = new Float64Array(64);
  #touched: number[] = [];

  get size(): number {
    return this.#slotOf.size;
  }

  has(record: T): boolean {
    return this.#slotOf.has(record);
  }

  add(record: T, tag = 0, time = 0): void {
    if (this.#slotOf.has(record)) return;
    const slot = this.#slots.length;
    this.#slots.push(record);
    this.#slotOf.set(record, slot);
    if (slot >= this.#sizes.length) {
      this.#sizes = grow(this.#sizes);
      this.#tags = grow(this.#tags);
      const times = new Float64Array(this.#times.length * 2);
      times.set(this.#times);
      this.#times = times;
    }
    this.#sizes[slot] = record.features.length;
    this.#tags[slot] = tag;
    this.#times[slot] = time;
    for (const f of record.features) this.#link(f >>> 0, slot);
  }

  remove(record: T): void {
    const slot = this.#slotOf.get(record);
    if (slot === undefined) return;
    this.#slotOf.delete(record);
    this.#slots[slot] = undefined;
    if (this.#slots.length > 64 && this.#slotOf.size * 2 < this.#slots.length) this.#rebuild();
  }

  /** Makes the members exactly `records` (by identity), in their order for records not yet members. */
  sync(records: readonly T[]): void {
    const wanted = new Set(records);
    for (const r of [...this.#slotOf.keys()]) if (!wanted.has(r)) this.remove(r);
    for (const r of records) this.add(r);
  }

  /**
   * Calls `visit` once per member sharing at least one of `features` (distinct) whose Jaccard similarity with
   * them is at least `minSimilarity` (give or take float rounding: check exactly), with how many it shares.
   */
  forEachShared(features: readonly number[], minSimilarity: number, visit: (record: T, shared: number) => void): void {
    this.#countShared(features);
    const counts = this.#counts;
    const sizes = this.#sizes;
    const m = features.length;
    // A hair below the bound, so float rounding never drops a member exactly at it; the caller decides exactly.
    const bound = minSimilarity * (1 - 1e-9);
    for (const slot of this.#touched) {
      const shared = counts[slot]!;
      counts[slot] = 0;
      if (shared < bound * (sizes[slot]! + m - shared)) continue;
      const record = this.#slots[slot];
      if (record !== undefined) visit(record, shared);
    }
    this.#touched.length = 0;
  }

  /**
   * The member most like `features` (distinct) by Jaccard similarity, at least `minSimilarity`, whose tag is not
   * `skipTag` and whose time is within `windowMs` of `time`; ties go to the earliest added. Only the winner's
   * object is touched.
   */
  findBest(features: readonly number[], minSimilarity: number, skipTag: number, time: number, windowMs: number): T | undefined {
    this.#countShared(features);
    const counts = this.#counts;
    const sizes = this.#sizes;
    const tags = this.#tags;
    const times = this.#times;
    const m = features.length;
    let best = -1;
    let bestSimilarity = -1;
    for (const slot of this.#touched) {
      const shared = counts[slot]!;
      counts[slot] = 0;
      if (tags[slot] === skipTag || Math.abs(times[slot]! - time) > windowMs || this.#slots[slot] === undefined) continue;
      // The same expression as a scan's, so the threshold and ties are decided on the same floats.
      const similarity = shared / (sizes[slot]! + m - shared);
      if (similarity < minSimilarity || similarity < bestSimilarity) continue;
      if (similarity === bestSimilarity && slot > best) continue;
      best = slot;
      bestSimilarity = similarity;
    }
    this.#touched.length = 0;
    return best < 0 ? undefined : this.#slots[best];
  }

  /** Fills counts[slot] for every slot sharing a feature, listing them in touched. */
  #countShared(features: readonly number[]): void {
    if (this.#counts.length < this.#slots.length) this.#counts = new Int32Array(this.#slots.length * 2);
    const counts = this.#counts;
    const touched = this.#touched;
    const next = this.#entryNext;
    const slotOf = this.#entrySlot;
    const bits = this.#bits;
    for (const f of features) {
      const key = f >>> 0;
      const bit = mix(key) >>> 12;
      if ((bits[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
      const bucket = this.#find(key);
      if (bucket < 0) continue;
      for (let e = this.#heads[bucket]!; e !== EMPTY; e = next[e]!) {
        const slot = slotOf[e]!;
        const count = counts[slot]!;
        counts[slot] = count + 1;
        if (count === 0) touched.push(slot);
      }
    }
  }

  /** The bucket holding `key`, or -1. */
  #find(key: number): number {
    const mask = this.#keys.length - 1;
    for (let h = mix(key) & mask; ; h = (h + 1) & mask) {
      if (this.#heads[h] === EMPTY) return -1;
      if (this.#keys[h] === key) return h;
    }
  }

  #link(key: number, slot: number): void {
    const bit = mix(key) >>> 12;
    this.#bits[bit >>> 5]! |= 1 << (bit & 31);
    // Filled up to 3/4: most lookups that would miss are answered by the bitset before the table is probed.
    if ((this.#used + 1) * 4 > this.#keys.length * 3) this.#growTable();
    const mask = this.#keys.length - 1;
    let h = mix(key) & mask;
    while (this.#heads[h] !== EMPTY && this.#keys[h] !== key) h = (h + 1) & mask;
    if (this.#heads[h] === EMPTY) {
      this.#keys[h] = key;
      this.#used++;
    }
    if (this.#entries === this.#entrySlot.length) {
      this.#entrySlot = grow(this.#entrySlot);
      this.#entryNext = grow(this.#entryNext);
    }
    const e = this.#entries++;
    this.#entrySlot[e] = slot;
    this.#entryNext[e] = this.#heads[h]!;
    this.#heads[h] = e;
  }

  #growTable(): void {
    const keys = this.#keys;
    const heads = this.#heads;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#heads = new Int32Array(keys.length * 2).fill(EMPTY);
    const mask = this.#keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      if (heads[i] === EMPTY) continue;
      let h = mix(keys[i]!) & mask;
      while (this.#heads[h] !== EMPTY) h = (h + 1) & mask;
      this.#keys[h] = keys[i]!;
      this.#heads[h] = heads[i]!;
    }
  }

  #rebuild(): void {
    const kept: Array<[T, number, number]> = [];
    this.#slots.forEach((r, slot) => {
      if (r !== undefined) kept.push([r, this.#tags[slot]!, this.#times[slot]!]);
    });
    this.#slots = [];
    this.#slotOf = new Map();
    this.#heads.fill(EMPTY);
    this.#bits.fill(0);
    this.#used = 0;
    this.#entries = 0;
    for (const [r, tag, time] of kept) this.add(r, tag, time);
  }
}

/** Spreads a hash over the table's low bits (the features are FNV hashes already; this guards small test values). */
function mix(key: number): number {
  return Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
