/**
 * Delivery time, per channel: is this alert another outlet's story of an event the channel was already alerted
 * to? Decided when the alert is about to be sent, against what the channel actually got, so two feeds polled
 * at once still cluster, and a decision once taken is replayed (a retried or re-claimed alert never flips
 * between "alert" and "also reported by").
 */
import { findSameEvent } from './classify-story.js';
import { SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
import type { EventIndex } from './event-index.js';
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

export interface ClusterState {
  /** Oldest first. */
  stories: ClusterRecord[];
  /** Not stored: the store's index over these very records (and possibly others, which are ignored). */
  index?: EventIndex<ClusterRecord>;
}

export interface ClusterCandidate {
  itemId: string;
  feedId: string;
  features: readonly number[];
  at: number;
}

export interface ClusterOptions {
  now: number;
  windowMs?: number;
  threshold?: number;
  limits?: StoryLimits;
}

export type ClusterDecision = { kind: 'new' } | { kind: 'also'; rootKey: string };

export function createClusterState(): ClusterState {
  return { stories: [] };
}

export function decideCluster(state: ClusterState, candidate: ClusterCandidate, options: ClusterOptions): {
  decision: ClusterDecision;
  state: ClusterState;
} {
  const batch = openClusterBatch(state, options);
  const decision = batch.decide(candidate);
  return { decision, state: batch.finish() };
}

export interface ClusterBatch {
  decide(candidate: ClusterCandidate): ClusterDecision;
  /** A withdrawn story gathers no more "also reported by". */
  markKilled(key: string): void;
  /** The state after every decision and mark; the input state itself when nothing changed. */
  finish(): ClusterState;
}

/**
 * Decisions for a whole delivery batch on one working copy: expired once, looked up by key, capped once at the
 * end. Deciding alert by alert on immutable states copied the channel's stories per alert (quadratic in a busy
 * channel's backlog; BENCHMARKS.md, "Story lifecycle cost").
 */
export function openClusterBatch(state: ClusterState, options: ClusterOptions): ClusterBatch {
  const limits = options.limits ?? STORY_LIMITS;
  const windowMs = options.windowMs ?? SAME_EVENT_WINDOW_MS;
  const threshold = options.threshold ?? SAME_EVENT_THRESHOLD;
  const live = expireClusters(state, options.now, limits.ttlMs);
  const stories = [...live.stories];
  const byKey = new Map(stories.map((s, i) => [s.key, i]));
  let changed = live !== state;
  const view = { stories };
  const index = state.index;
  // The index holds the store's records; from here on it holds exactly this batch's (expired ones out, kill marks
  // swapped in as they happen), so a member found through it is live.
  if (index && live !== state) {
    const kept = new Set(stories);
    for (const r of state.stories) if (!kept.has(r)) index.remove(r);
  }
  // Only stories sharing a word are looked at, and the shared count is the Jaccard's numerator.
  const findIndexed = (candidate: ClusterCandidate): { story: ClusterRecord } | null => {
    let best = null as ClusterRecord | null;
    let bestSimilarity = -1;
    index!.forEachShared(candidate.features, (s, shared) => {
      if (s.feedId === candidate.feedId || s.killed || Math.abs(s.at - candidate.at) > windowMs) return;
      const similarity = shared / (s.features.length + candidate.features.length - shared);
      if (similarity < threshold || similarity < bestSimilarity) return;
      // Ties go to the earlier story, as in the plain scan.
      if (similarity === bestSimilarity && (byKey.get(s.key) ?? Infinity) > (byKey.get(best!.key) ?? Infinity)) return;
      best = s;
      bestSimilarity = similarity;
    });
    return best ? { story: best } : null;
  };
  return {
    decide(candidate) {
      const at = byKey.get(candidate.itemId);
      const own = at === undefined ? undefined : stories[at];
      if (own) return own.clusterOf ? { kind: 'also', rootKey: own.clusterOf } : { kind: 'new' };
      const match = index ? findIndexed(candidate) : findSameEvent(view, candidate, windowMs, threshold);
      // Always thread under the first alert of the event, not under an earlier "also reported by".
      const rootOf = (r: ClusterRecord): ClusterRecord => {
        const at = r.clusterOf === undefined ? undefined : byKey.get(r.clusterOf);
        return at === undefined ? r : stories[at] ?? r;
      };
      const root = match ? rootOf(match.story) : null;
      byKey.set(candidate.itemId, stories.length);
      const record: ClusterRecord = {
        key: candidate.itemId, feedId: candidate.feedId, features: [...candidate.features], at: candidate.at, seenAt: options.now,
        killed: false, ...(root ? { clusterOf: root.key } : {}),
      };
      stories.push(record);
      index?.add(record);
      changed = true;
      return root ? { kind: 'also', rootKey: root.key } : { kind: 'new' };
    },
    markKilled(key) {
      const at = byKey.get(key);
      const record = at === undefined ? undefined : stories[at];
      if (!record || record.killed) return;
      const marked = { ...record, killed: true };
      stories[at!] = marked;
      index?.remove(record);
      index?.add(marked);
      changed = true;
    },
    finish() {
      if (!changed) return state;
      return { stories: stories.length > limits.maxStories ? stories.slice(stories.length - limits.maxStories) : stories };
    },
  };
}

/** A withdrawn story gathers no more "also reported by". */
export function markClusterKilled(state: ClusterState, key: string): ClusterState {
  if (!state.stories.some((s) => s.key === key && !s.killed)) return state;
  return { stories: state.stories.map((s) => (s.key === key ? { ...s, killed: true } : s)) };
}

export function expireClusters(state: ClusterState, now: number, ttlMs = STORY_LIMITS.ttlMs): ClusterState {
  const stories = state.stories.filter((s) => now - s.seenAt <= ttlMs);
  return stories.length === state.stories.length ? state : { stories };
}

/** A damaged or older stored value is an empty state: clustering forgets, it never crashes delivery. */
export function parseClusterState(value: unknown): ClusterState {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { stories?: unknown }).stories)) return createClusterState();
  return { stories: (value as { stories: unknown[] }).stories.filter(isClusterRecord) };
}

function isClusterRecord(v: unknown): v is ClusterRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r['key'] === 'string' && typeof r['feedId'] === 'string' && Array.isArray(r['features']) &&
    typeof r['at'] === 'number' && typeof r['seenAt'] === 'number' && typeof r['killed'] === 'boolean' &&
    (r['clusterOf'] === undefined || typeof r['clusterOf'] === 'string');
}
