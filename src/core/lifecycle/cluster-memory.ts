/**
 * A channel's memory of the events it was alerted to, for "also reported by": the records oldest first, by key,
 * and an inverted index over their event features (core/lifecycle/event-index). Decisions are exact Jaccard
 * (the shared-feature count over the union), the same as a scan over every record, but touch only records that
 * share a word, and each change is logged so the store rewrites only what changed. The store keeps one per
 * channel across polls; deciding an alert costs nothing in proportion to how much the channel remembers.
 *
 * A decision once taken is replayed: an item already in the memory gets its first answer again, so a replayed
 * poll never flips an alert between "alert" and "also reported by".
 */
import { SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
import type { BackgroundWords } from './background-words.js';
import { EventIndex } from './event-index.js';
import { STORY_LIMITS, type StoryLimits } from './story-state.js';

export interface ClusterRecord {
  /** The alert's item identity in this channel. */
  key: string;
  feedId: string;
  features: number[];
  /** Event time, epoch ms. */
  at: number;
  /** When the channel's alert was decided; the TTL counts from it. */
  seenAt: number;
  /** Set when the alert went out as "also reported by": the key of the alert it follows. */
  clusterOf?: string;
  killed: boolean;
}

export interface ClusterCandidate {
  itemId: string;
  feedId: string;
  features: readonly number[];
  at: number;
}

export type ClusterDecision = { kind: 'new' } | { kind: 'also'; rootKey: string };

export interface ClusterSettings {
  windowMs?: number;
  threshold?: number;
  limits?: StoryLimits;
  /** The stream's background words: left out of both sides of every comparison, as they are now. */
  background?: BackgroundWords;
}

export interface ClusterChanges {
  /** New records, in order; they go at the end. */
  added: ClusterRecord[];
  /** Records replaced in place (a kill mark): [old, new]. */
  replaced: Array<[ClusterRecord, ClusterRecord]>;
  /** Records dropped (expired or past the cap). */
  dropped: ClusterRecord[];
}

export class ClusterMemory {
  #records: Array<ClusterRecord | undefined> = [];
  #start = 0;
  #byKey = new Map<string, number>();
  // Killed records are never matched, so they are not indexed. The index may be shared with other channels'
  // memories (the store shares one per process); this memory is one owner in it.
  readonly #index: EventIndex<ClusterRecord>;
  readonly #owner: number;
  #order = 0;
  #changes: ClusterChanges = { added: [], replaced: [], dropped: [] };

  /** A memory holding `records` (oldest first) with nothing to save yet, in `index` or an index of its own. */
  constructor(records: readonly ClusterRecord[] = [], index = new EventIndex<ClusterRecord>()) {
    this.#index = index;
    this.#owner = index.register();
    for (const r of records) this.#append(r);
  }

  /** Leaves a shared index, and forgets everything: call when the memory is dropped (a replaced or forgotten channel). */
  release(): void {
    this.#index.release(this.#owner);
    this.#records = [];
    this.#start = 0;
    this.#byKey = new Map();
  }

  get size(): number {
    return this.#byKey.size;
  }

  /** The records, oldest first. */
  records(): ClusterRecord[] {
    return this.#records.slice(this.#start).filter((r): r is ClusterRecord => r !== undefined);
  }

  /** Drops records not decided within `ttlMs` of `now` (the oldest come first). */
  expire(now: number, ttlMs = STORY_LIMITS.ttlMs): void {
    while (this.#start < this.#records.length) {
      const r = this.#records[this.#start];
      if (r && now - r.seenAt <= ttlMs) break;
      this.#dropFirst();
    }
  }

  decide(candidate: ClusterCandidate, now: number, settings: ClusterSettings = {}): ClusterDecision {
    const at = this.#byKey.get(candidate.itemId);
    const own = at === undefined ? undefined : this.#records[at];
    if (own) return own.clusterOf ? { kind: 'also', rootKey: own.clusterOf } : { kind: 'new' };
    const match = this.#findSameEvent(candidate, settings.windowMs ?? SAME_EVENT_WINDOW_MS, settings.threshold ?? SAME_EVENT_THRESHOLD,
      settings.background);
    // Always thread under the first alert of the event, not under an earlier "also reported by".
    const root = match?.clusterOf ? this.#get(match.clusterOf) ?? match : match;
    const record: ClusterRecord = {
      // Not copied: an article's features are shared by its records in every channel (records are never changed).
      key: candidate.itemId, feedId: candidate.feedId, features: candidate.features as number[], at: candidate.at, seenAt: now,
      killed: false, ...(root ? { clusterOf: root.key } : {}),
    };
    this.#append(record);
    this.#changes.added.push(record);
    const max = (settings.limits ?? STORY_LIMITS).maxStories;
    while (this.#byKey.size > max) this.#dropFirst();
    return root ? { kind: 'also', rootKey: root.key } : { kind: 'new' };
  }

  /** A withdrawn story gathers no more "also reported by". */
  markKilled(key: string): void {
    const at = this.#byKey.get(key);
    const record = at === undefined ? undefined : this.#records[at];
    if (!record || record.killed) return;
    const marked = { ...record, killed: true };
    this.#records[at!] = marked;
    this.#index.remove(record, this.#owner);
    this.#changes.replaced.push([record, marked]);
  }

  /** What changed since the last call (or since construction). */
  takeChanges(): ClusterChanges {
    const changes = this.#changes;
    this.#changes = { added: [], replaced: [], dropped: [] };
    return changes;
  }

  #get(key: string): ClusterRecord | undefined {
    const at = this.#byKey.get(key);
    return at === undefined ? undefined : this.#records[at];
  }

  #append(record: ClusterRecord): void {
    const previous = this.#byKey.get(record.key);
    if (previous !== undefined) {
      this.#index.remove(this.#records[previous]!, this.#owner);
      this.#records[previous] = undefined;
    }
    this.#byKey.set(record.key, this.#records.length);
    this.#records.push(record);
    if (!record.killed) this.#index.add(record, this.#index.tagOf(record.feedId), record.at, this.#owner, this.#order++);
  }

  #dropFirst(): void {
    const r = this.#records[this.#start];
    this.#records[this.#start] = undefined;
    this.#start++;
    if (r && this.#byKey.get(r.key) === this.#start - 1) {
      this.#byKey.delete(r.key);
      this.#index.remove(r, this.#owner);
      this.#changes.dropped.push(r);
    }
    // Positions are kept stable (byKey points into the array); the dropped head is compacted now and then.
    if (this.#start > 1024 && this.#start * 2 > this.#records.length) this.#compact();
  }

  #compact(): void {
    const kept = this.#records.slice(this.#start);
    this.#records = kept;
    this.#start = 0;
    this.#byKey = new Map();
    kept.forEach((r, i) => r && this.#byKey.set(r.key, i));
  }

  /** Another feed's live story within the window, most alike at or above the threshold; ties to the oldest. */
  #findSameEvent(candidate: ClusterCandidate, windowMs: number, threshold: number, background?: BackgroundWords): ClusterRecord | null {
    // Records keep every word: what is background changes as the stream does (and is empty after a restart).
    const less = background?.active ? background : undefined;
    return this.#index.findBest(less ? less.filter(candidate.features) : candidate.features, threshold,
      this.#index.tagOf(candidate.feedId), candidate.at, windowMs, less, this.#owner) ?? null;
  }
}
