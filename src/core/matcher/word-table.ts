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

export class WordTable<V> {
  private keys: string[] = [];
  private hashes: number[] = [];
  private values: V[] = [];
  /** Open addressing: entry index + 1 (0 = empty), and next to it the entry's hash, so a probe stays in one array. */
  private slots = new Int32Array(32);
  private mask = 15;

  get size(): number {
    return this.keys.length;
  }

  /** The value stored under `key`, created with `create` when absent. */
  upsert(key: string, create: () => V): V {
    const h = hashSpan(key, 0, key.length);
    const found = this.find(h, key, 0, key.length);
    if (found !== undefined) return found;
    if ((this.keys.length + 1) * 2 > this.mask + 1) this.grow();
    const value = create();
    this.keys.push(key);
    this.hashes.push(h);
    this.values.push(value);
    this.place(h, this.keys.length);
    return value;
  }

  /** The value whose key equals text[start, end), given that span's hash. */
  find(hash: number, text: string, start: number, end: number): V | undefined {
    const slots = this.slots;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const e = slots[2 * i]!;
      if (e === 0) return undefined;
      if (slots[2 * i + 1] === hash) {
        const key = this.keys[e - 1]!;
        if (key.length === end - start && text.startsWith(key, start)) return this.values[e - 1];
      }
      i = (i + 1) & mask;
    }
  }

  keyLengths(): number[] {
    return [...new Set(this.keys.map((k) => k.length))];
  }

  private place(hash: number, entry: number): void {
    let i = hash & this.mask;
    while (this.slots[2 * i] !== 0) i = (i + 1) & this.mask;
    this.slots[2 * i] = entry;
    this.slots[2 * i + 1] = hash;
  }

  private grow(): void {
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(2 * (this.mask + 1));
    for (let k = 0; k < this.keys.length; k++) this.place(this.hashes[k]!, k + 1);
  }
}
