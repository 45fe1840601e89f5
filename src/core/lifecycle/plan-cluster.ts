/**
 * Delivery time, per channel: is this alert another outlet's story of an event the channel was already alerted
 * to? Decided when the alert is about to be sent, against what the channel actually got, so two feeds polled
 * at once still cluster, and a decision once taken is replayed (a retried or re-claimed alert never flips
 * between "alert" and "also reported by").
 */
import { findSameEvent } from './classify-story.js';
import { SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
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
  const limits = options.limits ?? STORY_LIMITS;
  const live = expireClusters(state, options.now, limits.ttlMs);
  const own = live.stories.find((s) => s.key === candidate.itemId);
  if (own) return { decision: own.clusterOf ? { kind: 'also', rootKey: own.clusterOf } : { kind: 'new' }, state: live };
  const match = findSameEvent(live, candidate, options.windowMs ?? SAME_EVENT_WINDOW_MS, options.threshold ?? SAME_EVENT_THRESHOLD);
  // Always thread under the first alert of the event, not under an earlier "also reported by".
  const root = match ? (match.story.clusterOf ? live.stories.find((s) => s.key === match.story.clusterOf) ?? match.story : match.story) : null;
  const record: ClusterRecord = {
    key: candidate.itemId, feedId: candidate.feedId, features: [...candidate.features], at: candidate.at, seenAt: options.now, killed: false,
    ...(root ? { clusterOf: root.key } : {}),
  };
  const stories = [...live.stories, record];
  const capped = stories.length > limits.maxStories ? stories.slice(stories.length - limits.maxStories) : stories;
  return { decision: root ? { kind: 'also', rootKey: root.key } : { kind: 'new' }, state: { stories: capped } };
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
