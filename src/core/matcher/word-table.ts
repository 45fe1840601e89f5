/**
 * A string → id table probed by (hash, text span), so looking up the words of an article allocates no
 * strings: the article's words are hashed once while they are split, and a probe compares in place.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 units of s[start, end). */
export function hashSpan(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

export function hashStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

export const HASH_SEED = FNV_OFFSET;

/** Numbers per slot: entry index + 1 (0 = empty), hash, first value, second value. */
export const SLOT = 4;

/**
 * Two integers per key, stored in the slot itself: a probe that finds its key reads one cache line of the
 * table plus the key, not a values array and then whatever the value points at.
 */
export class WordTable {
  private readonly keys: string[] = [];
  /** Open addressing; read `slots[at + 2]`, `slots[at + 3]` at the offset `find` returns. */
  slots = new Int32Array(SLOT * 16);
  private mask = 15;

  get size(): number {
    return this.keys.length;
  }

  /** Stores the two values under `key` (a new key; the table does not replace). */
  add(key: string, first: number, second: number): void {
    if ((this.keys.length + 1) * 2 > this.mask + 1) this.grow();
    this.keys.push(key);
    const at = this.place(hashSpan(key, 0, key.length), this.keys.length);
    this.slots[at + 2] = first;
    this.slots[at + 3] = second;
  }

  /** The slot offset whose key equals text[start, end), given that span's hash; -1 when absent. */
  find(hash: number, text: string, start: number, end: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const at = i * SLOT;
      const e = slots[at]!;
      if (e === 0) return -1;
      if (slots[at + 1] === hash) {
        const key = this.keys[e - 1]!;
        if (key.length === end - start && text.startsWith(key, start)) return at;
      }
      i = (i + 1) & mask;
    }
  }

  private place(hash: number, entry: number): number {
    let i = hash & this.mask;
    while (this.slots[i * SLOT] !== 0) i = (i + 1) & this.mask;
    const at = i * SLOT;
    this.slots[at] = entry;
    this.slots[at + 1] = hash;
    return at;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(SLOT * (this.mask + 1));
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] === 0) continue;
      const to = this.place(old[at + 1]!, old[at]!);
      this.slots[to + 2] = old[at + 2]!;
      this.slots[to + 3] = old[at + 3]!;
    }
  }
}

/**
 * (head number, hash of the next word) → integer, for phrases: one open-addressing Int32Array, so the lookup
 * made for every head word of a phrase reads one cache line instead of a Map per head.
 */
export class PairTable {
  /** [head + 1 (0 = empty), second-word hash, value] per slot. */
  private slots = new Int32Array(3 * 16);
  private mask = 15;
  private count = 0;

  /** Stores the value (a new pair; the table does not replace). */
  add(head: number, hash: number, value: number): void {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.place(head + 1, hash, value);
    this.count++;
  }

  /** The value stored for the pair, -1 when absent. */
  find(head: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    const tag = head + 1;
    let i = (Math.imul(tag, 0x9e3779b1) ^ hash) & mask;
    for (;;) {
      const at = i * 3;
      const h = slots[at]!;
      if (h === 0) return -1;
      if (h === tag && slots[at + 1] === hash) return slots[at + 2]!;
      i = (i + 1) & mask;
    }
  }

  private place(tag: number, hash: number, value: number): void {
    let i = (Math.imul(tag, 0x9e3779b1) ^ hash) & this.mask;
    while (this.slots[i * 3] !== 0) i = (i + 1) & this.mask;
    this.slots[i * 3] = tag;
    this.slots[i * 3 + 1] = hash;
    this.slots[i * 3 + 2] = value;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(3 * (this.mask + 1));
    for (let at = 0; at < old.length; at += 3) if (old[at] !== 0) this.place(old[at]!, old[at + 1]!, old[at + 2]!);
  }
}
