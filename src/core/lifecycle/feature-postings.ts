/**
 * Posting lists from event feature (a 32-bit hash) to the slots of core/lifecycle/event-index that have it, and
 * the counting walk over them. Typed arrays throughout: features are 32-bit hashes (mostly outside V8's small
 * integers, so a Map keyed by them boxes a number per lookup) and an index holds tens of thousands, so a Map of
 * arrays was the cost and the garbage. An open-addressing table from feature to its list of slots,
 * each bucket holding its feature's first slots and the rest in chunks. Slots are never unlinked: the index drops
 * dead slots by rebuilding.
 */

// Chunk 0 is never used, so 0 is "no chunk"; a bucket with length 0 is unused, so a zero-filled table is an empty
// one: a new table costs no pass to fill it.
const EMPTY = 0;
// Average posting-list length per feature above which skipping lists pays for choosing which to skip.
const LONG_WALK = 8;
// A bucket is 8 ints (32 bytes, so a probe reads one or two cache lines): the feature, its newest overflow chunk
// (EMPTY: none), the slots ever linked to it (0: bucket unused; dead slots stay until a rebuild: the cost of its
// walk), and its first INLINE slots. Most features of a wide vocabulary have a short list, so the probe that finds
// the feature also reads its whole list; a linked entry per slot was a cache miss per step of a walk.
const BUCKET = 8;
const B_FEATURE = 0;
const B_CHUNK = 1;
const B_LENGTH = 2;
const B_INLINE = 3;
const INLINE = 5;
// An overflow chunk is 8 ints too: the next (older) chunk, then up to PER_CHUNK slots.
const CHUNK = 8;
const PER_CHUNK = 7;

export class FeaturePostings {
  #capacity = 4096;
  #table = new Int32Array(4096 * BUCKET);
  #used = 0;
  #chunks = new Int32Array(1024 * CHUNK);
  #chunkCount = 1;
  // One bit per hashed feature: most features of a new story are in no remembered one, and a 128 KiB bitset
  // answers that without touching the table.
  #bits = new Uint32Array(1 << 15);
  // count()'s results: shared features per slot (reset by the caller as it reads them), and the slots counted
  // (the first touchedCount of touched; a plain array emptied per walk was reallocated per walk).
  counts = new Int32Array(64);
  touched = new Int32Array(64);
  touchedCount = 0;
  // count()'s scratch: each feature's bucket and posting-list length.
  #buckets = new Int32Array(64);
  #walks = new Int32Array(64);

  /** Forgets every entry; the table keeps its size (it is about to be refilled). */
  clear(): void {
    this.#table = new Int32Array(this.#capacity * BUCKET);
    this.#bits.fill(0);
    this.#used = 0;
    this.#chunkCount = 1;
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
    while (table[h * BUCKET + B_LENGTH] !== 0 && table[h * BUCKET + B_FEATURE] !== k) h = (h + 1) & mask;
    const at = h * BUCKET;
    const length = table[at + B_LENGTH]!;
    if (length === 0) {
      table[at + B_FEATURE] = k;
      this.#used++;
    }
    table[at + B_LENGTH] = length + 1;
    if (length < INLINE) {
      table[at + B_INLINE + length] = slot;
      return;
    }
    const fill = (length - INLINE) % PER_CHUNK;
    if (fill === 0) {
      if ((this.#chunkCount + 1) * CHUNK > this.#chunks.length) this.#chunks = doubled(this.#chunks);
      const chunk = this.#chunkCount++;
      this.#chunks[chunk * CHUNK] = table[at + B_CHUNK]!;
      table[at + B_CHUNK] = chunk;
    }
    this.#chunks[table[at + B_CHUNK]! * CHUNK + 1 + fill] = slot;
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
    const table = this.#table;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const bucket = this.#lookup(features[i]! >>> 0);
      buckets[i] = bucket;
      const length = bucket < 0 ? 0 : table[bucket * BUCKET + B_LENGTH]!;
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
      }
    }
    if (this.counts.length < slots) {
      this.counts = new Int32Array(slots * 2);
      this.touched = new Int32Array(slots * 2);
    }
    const counts = this.counts;
    const touched = this.touched;
    let t = 0;
    const chunks = this.#chunks;
    for (let i = 0; i < m; i++) {
      const length = walks[i]!;
      if (length === 0) continue;
      const at = buckets[i]! * BUCKET;
      const inline = length < INLINE ? length : INLINE;
      for (let j = 0; j < inline; j++) {
        const slot = table[at + B_INLINE + j]!;
        const count = counts[slot]!;
        counts[slot] = count + 1;
        if (count === 0) touched[t++] = slot;
      }
      // The newest chunk holds what is left over after the full ones (1 to PER_CHUNK slots).
      let left = length - inline;
      for (let c = table[at + B_CHUNK]!; c !== EMPTY; c = chunks[c * CHUNK]!) {
        const n = ((left - 1) % PER_CHUNK) + 1;
        left -= n;
        for (let j = 1; j <= n; j++) {
          const slot = chunks[c * CHUNK + j]!;
          const count = counts[slot]!;
          counts[slot] = count + 1;
          if (count === 0) touched[t++] = slot;
        }
      }
    }
    this.touchedCount = t;
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
      if (table[h * BUCKET + B_LENGTH] === 0) return -1;
      if (table[h * BUCKET + B_FEATURE] === k) return h;
    }
  }

  #growTable(): void {
    const old = this.#table;
    const oldCapacity = this.#capacity;
    this.#capacity = oldCapacity * 2;
    const table = (this.#table = new Int32Array(this.#capacity * BUCKET));
    const mask = this.#capacity - 1;
    for (let i = 0; i < oldCapacity; i++) {
      if (old[i * BUCKET + B_LENGTH] === 0) continue;
      let h = mix(old[i * BUCKET + B_FEATURE]! >>> 0) & mask;
      while (table[h * BUCKET + B_LENGTH] !== 0) h = (h + 1) & mask;
      for (let j = 0; j < BUCKET; j++) table[h * BUCKET + j] = old[i * BUCKET + j]!;
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
