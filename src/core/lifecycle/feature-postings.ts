/**
 * Posting lists from event feature (a 32-bit hash) to the slots of core/lifecycle/event-index that have it, and
 * the counting walk over them. Typed arrays throughout: features are 32-bit hashes (mostly outside V8's small
 * integers, so a Map keyed by them boxes a number per lookup) and an index holds tens of thousands, so a Map of
 * arrays was the cost and the garbage. An open-addressing table from feature to the newest entry of its list,
 * entries linked to older ones. Entries are never unlinked: the index drops dead slots by rebuilding.
 */

// Entry 0 is never used, so a zero-filled table is an empty one: a new table costs no pass to fill it.
const EMPTY = 0;
// Average posting-list length per feature above which skipping lists pays for choosing which to skip.
const LONG_WALK = 8;

export class FeaturePostings {
  // Three adjacent ints per bucket so a probe reads one place: the feature, its newest entry (EMPTY: bucket
  // unused), and the entries ever linked to it (dead slots' stay until a rebuild: the cost of its walk).
  #capacity = 4096;
  #table = new Int32Array(4096 * 3);
  #used = 0;
  // Two adjacent ints per entry (one place per step of a walk): the slot, and the next (older) entry of the feature.
  #entryPairs = new Int32Array(16384);
  #entries = 1;
  // One bit per hashed feature: most features of a new story are in no remembered one, and a 128 KiB bitset
  // answers that without touching the table.
  #bits = new Uint32Array(1 << 15);
  // count()'s results: shared features per slot (reset by the caller as it reads them), and the slots counted.
  counts = new Int32Array(64);
  readonly touched: number[] = [];
  // count()'s scratch: each feature's bucket and posting-list length.
  #buckets = new Int32Array(64);
  #walks = new Int32Array(64);

  /** Forgets every entry; the table keeps its size (it is about to be refilled). */
  clear(): void {
    this.#table = new Int32Array(this.#capacity * 3);
    this.#bits.fill(0);
    this.#used = 0;
    this.#entries = 1;
  }

  link(feature: number, slot: number): void {
    const key = feature >>> 0;
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
    if (this.#entries * 2 === this.#entryPairs.length) this.#entryPairs = doubled(this.#entryPairs);
    const e = this.#entries++;
    this.#entryPairs[e * 2] = slot;
    this.#entryPairs[e * 2 + 1] = table[h * 3 + 1]!;
    table[h * 3 + 1] = e;
  }

  /**
   * Fills counts[slot] for every slot (below `slots`) sharing a feature, listing them in touched; but leaves out
   * up to `skip` features with the longest posting lists when those are long enough to be worth it, and returns those.
   */
  count(features: readonly number[], skip: number, slots: number): readonly number[] {
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
    if (this.counts.length < slots) this.counts = new Int32Array(slots * 2);
    const counts = this.counts;
    const touched = this.touched;
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
    const mask = this.#capacity - 1;
    const table = this.#table;
    const k = key | 0;
    for (let h = mix(key) & mask; ; h = (h + 1) & mask) {
      if (table[h * 3 + 1] === EMPTY) return -1;
      if (table[h * 3] === k) return h;
    }
  }

  #growTable(): void {
    const old = this.#table;
    const oldCapacity = this.#capacity;
    this.#capacity = oldCapacity * 2;
    const table = (this.#table = new Int32Array(this.#capacity * 3));
    const mask = this.#capacity - 1;
    for (let i = 0; i < oldCapacity; i++) {
      if (old[i * 3 + 1] === EMPTY) continue;
      let h = mix(old[i * 3]! >>> 0) & mask;
      while (table[h * 3 + 1] !== EMPTY) h = (h + 1) & mask;
      table[h * 3] = old[i * 3]!;
      table[h * 3 + 1] = old[i * 3 + 1]!;
      table[h * 3 + 2] = old[i * 3 + 2]!;
    }
  }
}

/** Spreads a hash over the table's low bits (the features are FNV hashes already; this guards small test values). */
function mix(key: number): number {
  return Math.imul(key ^ (key >>> 16), 0x45d9f3b) >>> 0;
}

/** A typed array twice as long, starting with `a`. */
export function doubled<A extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: A): A {
  const b = new (a.constructor as new (length: number) => A)(a.length * 2);
  b.set(a);
  return b;
}
