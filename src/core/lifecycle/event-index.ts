/**
 * An inverted index from event feature (a stemmed content word) to the remembered stories that have it. Deciding
 * "same event?" against every story a busy channel remembers was a Jaccard merge per story per alert, most of
 * the lifecycle's cost in bench/pipeline; counting shared features through the index touches only stories that
 * share a word, and the count gives the exact Jaccard (features are distinct), so decisions do not change.
 *
 * Records live in slots numbered in insertion order; postings are slot lists and counts a typed array, because
 * common words have long postings and a Map per count was the cost. Removed slots are skipped and the index is
 * rebuilt once more than half of them are dead. Mutable on purpose: the store keeps one per channel next to its
 * cached records, syncs it on every load, and a delivery batch keeps it exact as it decides.
 */
export interface IndexedEvent {
  readonly features: readonly number[];
}

export class EventIndex<T extends IndexedEvent> {
  #slots: Array<T | undefined> = [];
  #slotOf = new Map<T, number>();
  #postings = new Map<number, number[]>();
  #counts = new Int32Array(64);
  #touched: number[] = [];

  get size(): number {
    return this.#slotOf.size;
  }

  has(record: T): boolean {
    return this.#slotOf.has(record);
  }

  add(record: T): void {
    if (this.#slotOf.has(record)) return;
    const slot = this.#slots.length;
    this.#slots.push(record);
    this.#slotOf.set(record, slot);
    for (const f of record.features) {
      const posting = this.#postings.get(f);
      if (posting) posting.push(slot);
      else this.#postings.set(f, [slot]);
    }
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

  /** Calls `visit` once per member sharing at least one of `features` (distinct), with how many it shares. */
  forEachShared(features: readonly number[], visit: (record: T, shared: number) => void): void {
    if (this.#counts.length < this.#slots.length) this.#counts = new Int32Array(this.#slots.length * 2);
    const counts = this.#counts;
    const touched = this.#touched;
    for (const f of features) {
      const posting = this.#postings.get(f);
      if (!posting) continue;
      for (let i = 0; i < posting.length; i++) {
        const slot = posting[i]!;
        const count = counts[slot]!;
        counts[slot] = count + 1;
        if (count === 0) touched.push(slot);
      }
    }
    for (const slot of touched) {
      const record = this.#slots[slot];
      const shared = counts[slot]!;
      counts[slot] = 0;
      if (record !== undefined) visit(record, shared);
    }
    touched.length = 0;
  }

  #rebuild(): void {
    const live = this.#slots.filter((r): r is T => r !== undefined);
    this.#slots = [];
    this.#slotOf = new Map();
    this.#postings = new Map();
    for (const r of live) this.add(r);
  }
}
