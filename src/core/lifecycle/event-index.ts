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
// Average posting-list length per feature above which findBest's prefix filter pays for choosing what to skip.
const LONG_WALK = 8;

export class EventIndex<T extends IndexedEvent> {
  #slots: Array<T | undefined> = [];
  #slotOf = new Map<T, number>();
  // Open addressing, three adjacent ints per bucket so a probe reads one place: the feature, its newest entry (EMPTY:
  // bucket unused), and the entries ever linked to it (removed members' stay until a rebuild: the cost of its walk).
  #capacity = 4096;
  #table = createTable(4096);
  #used = 0;
  // Posting entries, two adjacent ints each (one place per step of a walk): the slot, and the next (older) entry of
  // the same feature.
  #entryPairs = new Int32Array(16384);
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
  // findBest's scratch: each feature's bucket and posting-list length.
  #buckets = new Int32Array(64);
  #walks = new Int32Array(64);

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
      this.#times = Float64Array.from({ length: this.#times.length * 2 }, (_, i) => this.#times[i] ?? 0);
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
    this.#countPrefix(features, 0);
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
   * object is touched, and the objects of the few members that might beat it on the features not counted below.
   *
   * Prefix filtering (as in set-similarity joins): a member at least `minSimilarity` alike shares at least
   * ceil(minSimilarity × m) of the m features (the union is never smaller than m), so it shares one outside any
   * ceil(…) − 1 of them. Those are taken from the longest posting lists (a channel's own topic word is in nearly
   * every story it remembers, which made walking its list most of the cost), counted only for members found
   * through the others, and only when the bound says the member could still reach the threshold.
   *
   * With `isBackground`, `features` are the query's without its background words and each member's are read the
   * same way at this moment: the similarity is that of both sides less today's background, whenever a member was
   * added and whatever was background then.
   */
  findBest(features: readonly number[], minSimilarity: number, skipTag: number, time: number, windowMs: number,
    isBackground?: (feature: number) => boolean): T | undefined {
    const m = features.length;
    const skipped = this.#countPrefix(features, Math.max(0, Math.ceil(minSimilarity * m * (1 - 1e-9)) - 1));
    const counts = this.#counts;
    const sizes = this.#sizes;
    const tags = this.#tags;
    const times = this.#times;
    const extra = skipped.length;
    let best = -1;
    let bestSimilarity = -1;
    for (const slot of this.#touched) {
      let shared = counts[slot]!;
      counts[slot] = 0;
      // Similarity grows with `shared`: if all the skipped features could not lift it far enough, none will. Most
      // members that share a word fail here, on their size alone, before their tag and time are read. With
      // background words the member's own count is not known yet, but it is at least what it shares.
      const most = shared + extra;
      const bound = isBackground ? most / m : most / (sizes[slot]! + m - most);
      if (bound < minSimilarity || bound < bestSimilarity) continue;
      const record = this.#slots[slot];
      if (tags[slot] === skipTag || Math.abs(times[slot]! - time) > windowMs || record === undefined) continue;
      for (const f of skipped) if (record.features.includes(f)) shared++;
      const size = isBackground ? countForeground(record.features, isBackground) : sizes[slot]!;
      // The same expression as a scan's, so the threshold and ties are decided on the same floats.
      const similarity = shared / (size + m - shared);
      if (similarity < minSimilarity || similarity < bestSimilarity) continue;
      if (similarity === bestSimilarity && slot > best) continue;
      best = slot;
      bestSimilarity = similarity;
    }
    this.#touched.length = 0;
    return best < 0 ? undefined : this.#slots[best];
  }

  /**
   * Fills counts[slot] for every slot sharing a feature, listing them in touched; but leaves out up to `skip`
   * features with the longest posting lists when those are long enough to be worth it, and returns those.
   */
  #countPrefix(features: readonly number[], skip: number): readonly number[] {
    const m = features.length;
    if (this.#buckets.length < m) {
      this.#buckets = new Int32Array(m * 2);
      this.#walks = new Int32Array(m * 2);
    }
    const buckets = this.#buckets;
    const walks = this.#walks;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const bucket = this.#lookup(features[i]! >>> 0);
      buckets[i] = bucket;
      const length = bucket < 0 ? 0 : this.#table[bucket * 3 + 2]!;
      walks[i] = length;
      total += length;
    }
    const skipped: number[] = [];
    // Short lists (a wide vocabulary) cost less to walk than to choose among.
    if (skip > 0 && total > LONG_WALK * m) {
      for (let n = 0; n < skip; n++) {
        let at = -1;
        for (let i = 0; i < m; i++) if (walks[i]! > 0 && (at < 0 || walks[i]! > walks[at]!)) at = i;
        if (at < 0) break;
        skipped.push(features[at]!);
        walks[at] = 0;
        buckets[at] = -1;
      }
    }
    if (this.#counts.length < this.#slots.length) this.#counts = new Int32Array(this.#slots.length * 2);
    const counts = this.#counts;
    const touched = this.#touched;
    const pairs = this.#entryPairs;
    for (let i = 0; i < m; i++) {
      for (let e = buckets[i]! < 0 ? EMPTY : this.#table[buckets[i]! * 3 + 1]!; e !== EMPTY; e = pairs[e * 2 + 1]!) {
        const slot = pairs[e * 2]!;
        const count = counts[slot]!;
        counts[slot] = count + 1;
        if (count === 0) touched.push(slot);
      }
    }
    return skipped;
  }

  /** The bucket holding `key`, or -1; the bitset answers most misses without probing the table. */
  #lookup(key: number): number {
    const bit = mix(key) >>> 12;
    if ((this.#bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    return this.#find(key);
  }

  /** The bucket holding `key`, or -1. */
  #find(key: number): number {
    const mask = this.#capacity - 1;
    const table = this.#table;
    const k = key | 0;
    for (let h = mix(key) & mask; ; h = (h + 1) & mask) {
      if (table[h * 3 + 1] === EMPTY) return -1;
      if (table[h * 3] === k) return h;
    }
  }

  #link(key: number, slot: number): void {
    const bit = mix(key) >>> 12;
    this.#bits[bit >>> 5]! |= 1 << (bit & 31);
    // Filled up to 3/4: most lookups that would miss are answered by the bitset before the table is probed.
    if ((this.#used + 1) * 4 > this.#capacity * 3) this.#growTable();
    const mask = this.#capacity - 1;
    const table = this.#table;
    const k = key | 0;
    let h = mix(key) & mask;
    while (table[h * 3 + 1] !== EMPTY && table[h * 3] !== k) h = (h + 1) & mask;
    if (table[h * 3 + 1] === EMPTY) {
      table[h * 3] = k;
      this.#used++;
    }
    table[h * 3 + 2]!++;
    if (this.#entries * 2 === this.#entryPairs.length) this.#entryPairs = grow(this.#entryPairs);
    const e = this.#entries++;
    this.#entryPairs[e * 2] = slot;
    this.#entryPairs[e * 2 + 1] = table[h * 3 + 1]!;
    table[h * 3 + 1] = e;
  }

  #growTable(): void {
    const old = this.#table;
    const oldCapacity = this.#capacity;
    this.#capacity = oldCapacity * 2;
    this.#table = createTable(this.#capacity);
    const table = this.#table;
    const mask = this.#capacity - 1;
    for (let i = 0; i < oldCapacity; i++) {
      if (old[i * 3 + 1] === EMPTY) continue;
      let h = mix(old[i * 3]! >>> 0) & mask;
      while (table[h * 3 + 1] !== EMPTY) h = (h + 1) & mask;
      table.set(old.subarray(i * 3, i * 3 + 3), h * 3);
    }
  }

  #rebuild(): void {
    const kept: Array<[T, number, number]> = [];
    this.#slots.forEach((r, slot) => {
      if (r !== undefined) kept.push([r, this.#tags[slot]!, this.#times[slot]!]);
    });
    this.#slots = [];
    this.#slotOf = new Map();
    this.#table = createTable(this.#capacity);
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

/** How many of `features` are not background. */
function countForeground(features: readonly number[], isBackground: (feature: number) => boolean): number {
  return features.reduce((n, f) => (isBackground(f) ? n : n + 1), 0);
}

/** Buckets of [feature, newest entry, entries linked], all unused. */
function createTable(capacity: number): Int32Array<ArrayBuffer> {
  const table = new Int32Array(capacity * 3);
  for (let h = 0; h < capacity; h++) table[h * 3 + 1] = EMPTY;
  return table;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
