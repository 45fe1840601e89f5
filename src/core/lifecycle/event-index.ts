/**
 * An inverted index from event feature (a stemmed content word) to the remembered stories that have it, shared by
 * every channel's memory in a process. Deciding "same event?" against every story a busy channel remembers was a
 * Jaccard merge per story per alert; counting shared features through the index (core/lifecycle/feature-postings)
 * touches only stories that share a word, and the count gives the exact Jaccard (features are distinct), so
 * decisions do not change.
 *
 * Why one index for all channels: an article alerts several channels (3.7 on average in bench/pipeline), and its
 * records in each hold the same features array. Indexed once per array (a slot) with a member per channel, the
 * article's words are linked once, not once per channel, and the channels' decisions about it share one walk (the
 * overlap with a story does not depend on the channel; only whether the channel has that story does). Per-channel
 * indexes were 20 tables that no longer fitted in cache together. Slots are numbered in insertion order; removal
 * only empties a slot, and the index is rebuilt once more than half of the slots are dead.
 */
import { doubled, FeaturePostings } from './feature-postings.js';

export interface IndexedEvent {
  readonly features: readonly number[];
}

/** What findBest needs of the stream's background words (core/lifecycle/background-words). */
export interface BackgroundView {
  isBackground(feature: number): boolean;
  /** Changes whenever what is background may have. */
  readonly version: number;
}

interface Member<T> {
  record: T;
  owner: number;
  order: number;
}

interface Candidates {
  query: readonly number[];
  minSimilarity: number;
  skipTag: number;
  time: number;
  windowMs: number;
  background: BackgroundView | undefined;
  backgroundVersion: number;
  slots: number[];
  similarities: number[];
}

export class EventIndex<T extends IndexedEvent> {
  #postings = new FeaturePostings();
  // Per slot: its features (undefined once dead), its members, and (typed, so filters run without touching the
  // arrays, scattered in the heap) its feature count, tag (the feed) and time (the event's).
  #features: Array<readonly number[] | undefined> = [];
  #members: Array<Array<Member<T>>> = [];
  #sizes = new Int32Array(64);
  #tags = new Int32Array(64);
  #times = new Float64Array(64);
  #shared = new Map<readonly number[], number>();
  // Per owner, its records' slots: membership is by owner and record, so one record object held by two memories
  // (a channel read afresh reuses the record objects of its unchanged segments) is two members.
  #slotOf = new Map<number, Map<T, number>>();
  #size = 0;
  #live = 0;
  #owners = 0;
  #order = 0;
  #tagOf = new Map<string, number>();
  // The last query's candidates before the channel filter: the next decision about the same article (another
  // channel it alerts) reuses them while no story it could match has been added since.
  #memo: Candidates | undefined;

  /** Members, all owners together. */
  get size(): number {
    return this.#size;
  }

  has(record: T, owner = 0): boolean {
    return this.#slotOf.get(owner)?.has(record) ?? false;
  }

  /** A new owner (a channel's memory): findBest answers only from the owner's members. Owner 0 is the default. */
  register(): number {
    return ++this.#owners;
  }

  /** A small number per feed id, the same for every owner. */
  tagOf(feedId: string): number {
    let tag = this.#tagOf.get(feedId);
    if (tag === undefined) this.#tagOf.set(feedId, (tag = this.#tagOf.size));
    return tag;
  }

  /** Adds `record` for `owner`; among equally alike members of an owner, the lowest `order` wins. */
  add(record: T, tag = 0, time = 0, owner = 0, order = this.#order++): void {
    const mine = this.#ownedBy(owner);
    if (mine.has(record)) return;
    const features = record.features;
    let slot = this.#shared.get(features);
    if (slot === undefined || this.#tags[slot] !== tag || this.#times[slot] !== time) slot = this.#newSlot(features, tag, time);
    this.#members[slot]!.push({ record, owner, order });
    mine.set(record, slot);
    this.#size++;
  }

  remove(record: T, owner = 0): void {
    const mine = this.#slotOf.get(owner);
    const slot = mine?.get(record);
    if (slot === undefined) return;
    mine!.delete(record);
    this.#size--;
    const members = this.#members[slot]!;
    members.splice(members.findIndex((m) => m.record === record && m.owner === owner), 1);
    if (members.length > 0) return;
    if (this.#shared.get(this.#features[slot]!) === slot) this.#shared.delete(this.#features[slot]!);
    this.#features[slot] = undefined;
    this.#live--;
    if (this.#features.length > 64 && this.#live * 2 < this.#features.length) this.#rebuild();
  }

  /** Makes owner 0's members exactly `records` (by identity), in their order for records not yet members. */
  sync(records: readonly T[]): void {
    const wanted = new Set(records);
    for (const r of [...(this.#slotOf.get(0)?.keys() ?? [])]) if (!wanted.has(r)) this.remove(r);
    for (const r of records) this.add(r);
  }

  /** Removes every member of `owner` (a memory being dropped). */
  release(owner: number): void {
    for (const r of [...(this.#slotOf.get(owner)?.keys() ?? [])]) this.remove(r, owner);
    this.#slotOf.delete(owner);
  }

  #ownedBy(owner: number): Map<T, number> {
    let mine = this.#slotOf.get(owner);
    if (!mine) this.#slotOf.set(owner, (mine = new Map()));
    return mine;
  }

  /**
   * Calls `visit` once per member sharing at least one of `features` (distinct) whose Jaccard similarity with
   * them is at least `minSimilarity` (give or take float rounding: check exactly), with how many it shares.
   */
  forEachShared(features: readonly number[], minSimilarity: number, visit: (record: T, shared: number) => void): void {
    const postings = this.#postings;
    postings.count(features, 0, this.#features.length);
    const { counts, touched } = postings;
    const m = features.length;
    // A hair below the bound, so float rounding never drops a member exactly at it; the caller decides exactly.
    const bound = minSimilarity * (1 - 1e-9);
    for (let t = 0; t < postings.touchedCount; t++) {
      const slot = touched[t]!;
      const shared = counts[slot]!;
      counts[slot] = 0;
      if (shared < bound * (this.#sizes[slot]! + m - shared)) continue;
      for (const member of this.#members[slot]!) visit(member.record, shared);
    }
  }

  /**
   * `owner`'s member most like `features` (distinct) by Jaccard similarity, at least `minSimilarity`, whose tag is
   * not `skipTag` and whose time is within `windowMs` of `time`; ties go to the lowest order.
   *
   * With `background`, `features` are the query's without its background words and each member's are read the
   * same way at this moment: the similarity is that of both sides less today's background, whenever a member was
   * added and whatever was background then.
   */
  findBest(features: readonly number[], minSimilarity: number, skipTag: number, time: number, windowMs: number,
    background?: BackgroundView, owner = 0): T | undefined {
    const { slots, similarities } = this.#candidates(features, minSimilarity, skipTag, time, windowMs, background);
    let best: Member<T> | undefined;
    let bestSimilarity = -1;
    for (let i = 0; i < slots.length; i++) {
      const similarity = similarities[i]!;
      if (similarity < bestSimilarity) continue;
      for (const member of this.#members[slots[i]!]!) {
        if (member.owner !== owner) continue;
        if (similarity === bestSimilarity && member.order > best!.order) continue;
        best = member;
        bestSimilarity = similarity;
      }
    }
    return best?.record;
  }

  /**
   * Every slot at least `minSimilarity` alike, with its similarity, whoever its members are. Prefix filtering (as
   * in set-similarity joins): a slot at least `minSimilarity` alike shares at least ceil(minSimilarity × m) of the
   * m features (the union is never smaller than m), so it shares one outside any ceil(…) − 1 of them. Those are
   * taken from the longest posting lists (a channel's own topic word is in nearly every story it remembers),
   * checked only on slots found through the others, and only when the bound says the slot could still reach the
   * threshold.
   */
  #candidates(features: readonly number[], minSimilarity: number, skipTag: number, time: number, windowMs: number,
    background: BackgroundView | undefined): Candidates {
    const memo = this.#memo;
    if (memo && memo.query === features && memo.minSimilarity === minSimilarity && memo.skipTag === skipTag && memo.time === time &&
      memo.windowMs === windowMs && memo.background === background && memo.backgroundVersion === (background?.version ?? 0)) return memo;
    const m = features.length;
    const postings = this.#postings;
    const skipped = postings.count(features, Math.max(0, Math.ceil(minSimilarity * m * (1 - 1e-9)) - 1), this.#features.length);
    const { counts, touched } = postings;
    const extra = skipped.length;
    const found: Candidates = {
      query: features, minSimilarity, skipTag, time, windowMs, background, backgroundVersion: background?.version ?? 0,
      slots: [], similarities: [],
    };
    for (let t = 0; t < postings.touchedCount; t++) {
      const slot = touched[t]!;
      let shared = counts[slot]!;
      counts[slot] = 0;
      // Similarity grows with `shared`: if all the skipped features could not lift it far enough, none will. Most
      // slots that share a word fail here, on their size alone, before their tag and time are read. With
      // background words the slot's own count is not known yet, but it is at least what it shares.
      const most = shared + extra;
      const bound = background ? most / m : most / (this.#sizes[slot]! + m - most);
      if (bound < minSimilarity) continue;
      const own = this.#features[slot];
      if (this.#tags[slot] === skipTag || Math.abs(this.#times[slot]! - time) > windowMs || own === undefined) continue;
      for (const f of skipped) if (own.includes(f)) shared++;
      const size = background ? countForeground(own, background) : this.#sizes[slot]!;
      // The same expression as a scan's, so the threshold and ties are decided on the same floats.
      const similarity = shared / (size + m - shared);
      if (similarity < minSimilarity) continue;
      found.slots.push(slot);
      found.similarities.push(similarity);
    }
    this.#memo = found;
    return found;
  }

  #newSlot(features: readonly number[], tag: number, time: number): number {
    // A slot of the memo's own feed can never be one of its candidates; any other might be.
    if (this.#memo && this.#memo.skipTag !== tag) this.#memo = undefined;
    const slot = this.#features.length;
    this.#features.push(features);
    this.#members.push([]);
    this.#live++;
    if (slot >= this.#sizes.length) {
      this.#sizes = doubled(this.#sizes);
      this.#tags = doubled(this.#tags);
      this.#times = doubled(this.#times);
    }
    // The first slot of an array is the one its later members join (another with a different feed or time is not).
    if (!this.#shared.has(features)) this.#shared.set(features, slot);
    this.#sizes[slot] = features.length;
    this.#tags[slot] = tag;
    this.#times[slot] = time;
    for (const f of features) this.#postings.link(f, slot);
    return slot;
  }

  #rebuild(): void {
    this.#memo = undefined;
    const kept: Array<[readonly number[], Array<Member<T>>, number, number]> = [];
    this.#features.forEach((features, slot) => {
      if (features !== undefined) kept.push([features, this.#members[slot]!, this.#tags[slot]!, this.#times[slot]!]);
    });
    this.#features = [];
    this.#members = [];
    this.#shared = new Map();
    for (const mine of this.#slotOf.values()) mine.clear();
    this.#live = 0;
    this.#postings.clear();
    for (const [features, members, tag, time] of kept) {
      const slot = this.#newSlot(features, tag, time);
      this.#members[slot] = members;
      for (const member of members) this.#ownedBy(member.owner).set(member.record, slot);
    }
  }
}

/** How many of `features` are not background. */
function countForeground(features: readonly number[], background: BackgroundView): number {
  return features.reduce((n, f) => (background.isBackground(f) ? n : n + 1), 0);
}
