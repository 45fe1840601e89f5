/**
 * Per channel: is this alert another outlet's story of an event the channel was already alerted to? The
 * records and their stored form; the decisions themselves are core/lifecycle/cluster-memory.
 */
import { ClusterMemory, type ClusterCandidate, type ClusterDecision, type ClusterRecord } from './cluster-memory.js';
import { STORY_LIMITS, type StoryLimits } from './story-state.js';

export type { ClusterCandidate, ClusterDecision, ClusterRecord };

export interface ClusterState {
  /** Oldest first. */
  stories: ClusterRecord[];
}

export interface ClusterOptions {
  now: number;
  windowMs?: number;
  threshold?: number;
  limits?: StoryLimits;
}

export function createClusterState(): ClusterState {
  return { stories: [] };
}

/** One decision on a state (tests, tools); the app keeps a ClusterMemory per channel instead. */
export function decideCluster(state: ClusterState, candidate: ClusterCandidate, options: ClusterOptions): {
  decision: ClusterDecision;
  state: ClusterState;
} {
  const limits = options.limits ?? STORY_LIMITS;
  const memory = new ClusterMemory(state.stories);
  memory.expire(options.now, limits.ttlMs);
  const decision = memory.decide(candidate, options.now, {
    limits, ...(options.windowMs !== undefined ? { windowMs: options.windowMs } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  });
  return { decision, state: { stories: memory.records() } };
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
