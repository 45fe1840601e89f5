/**
 * The stories one channel remembers: plain JSON-safe data (strings, numbers, booleans, arrays), so a Keyv
 * store can keep it as one value per channel. Every function returns a new state and leaves its input alone.
 * Bounded twice: by age (TTL since a story was last seen) and by count (least recently seen dropped first).
 */

export interface StoryRecord {
  /** `<feedId> <first id>`: the story's first version, which the first alert was built from. */
  key: string;
  feedId: string;
  /** The guids/ids its versions came under, oldest first (a few at most). */
  ids: string[];
  /** Normalised link of the latest version, or null. */
  link: string | null;
  slug: string | null;
  /** Clean headline of the latest version, markers removed. */
  headline: string;
  headlineHash: number;
  bodyHash: number;
  /** Sentence fingerprints of the latest version, for "first changed sentence". */
  sentenceHashes: number[];
  /** Event features of the first version: the event is what was first alerted. */
  features: number[];
  /** Event time (published, else first seen), epoch ms. */
  at: number;
  firstSeenAt: number;
  lastSeenAt: number;
  /** Versions seen, the first included. */
  versions: number;
  /** The latest version was flagged as a correction. */
  corrected: boolean;
  killed: boolean;
  /** Set when this story was folded into another outlet's alert as "also reported by": that story's key. */
  clusterOf?: string;
  /**
   * In a feed's state (app: versions are looked up per feed): the channels that got an alert of this story,
   * each with the item identity of its first alert there, which its updates reply to and its kill edits.
   */
  alertedIn?: Record<string, string>;
}

export interface ChannelStoryState {
  /** Least recently seen first. */
  stories: StoryRecord[];
}

export interface StoryLimits {
  ttlMs: number;
  maxStories: number;
}

/**
 * Versions, corrections and kills of wire copy come within a day or two; three days covers a late kill. A
 * thousand stories is several days of a busy channel; the cost of a check grows with it (BENCHMARKS.md).
 */
export const STORY_LIMITS: StoryLimits = { ttlMs: 3 * 24 * 60 * 60 * 1000, maxStories: 1000 };
const MAX_IDS = 8;

export function createStoryState(): ChannelStoryState {
  return { stories: [] };
}

export function lookupStory(state: ChannelStoryState, key: string): StoryRecord | undefined {
  return state.stories.find((s) => s.key === key);
}

/** The story's key for a feed item's first version. */
export function makeStoryKey(feedId: string, id: string): string {
  return `${feedId} ${id}`;
}

/** Adds a story or replaces the one with its key; it becomes the most recently seen. Capped by count. */
export function addStory(state: ChannelStoryState, record: StoryRecord, maxStories = STORY_LIMITS.maxStories): ChannelStoryState {
  const kept = state.stories.filter((s) => s.key !== record.key);
  const ids = record.ids.length > MAX_IDS ? record.ids.slice(record.ids.length - MAX_IDS) : record.ids;
  return capStories({ stories: [...kept, { ...record, ids }] }, maxStories);
}

/** Drops stories not seen for longer than `ttlMs` at `now`. */
export function expireStories(state: ChannelStoryState, now: number, ttlMs = STORY_LIMITS.ttlMs): ChannelStoryState {
  const stories = state.stories.filter((s) => now - s.lastSeenAt <= ttlMs);
  return stories.length === state.stories.length ? state : { stories };
}

/** Keeps the `maxStories` most recently seen stories. */
export function capStories(state: ChannelStoryState, maxStories = STORY_LIMITS.maxStories): ChannelStoryState {
  if (state.stories.length <= maxStories) return state;
  return { stories: state.stories.slice(state.stories.length - Math.max(0, maxStories)) };
}

/**
 * Reads a state back from JSON (a Keyv value): anything that is not a well-formed state is an empty one, so a
 * damaged or older value costs memory of past stories, never a crash.
 */
export function parseStoryState(value: unknown): ChannelStoryState {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { stories?: unknown }).stories)) return createStoryState();
  const stories = ((value as { stories: unknown[] }).stories).filter(isStoryRecord);
  return { stories };
}

function isStoryRecord(v: unknown): v is StoryRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const numbers = ['headlineHash', 'bodyHash', 'at', 'firstSeenAt', 'lastSeenAt', 'versions'];
  return (
    typeof r['key'] === 'string' && typeof r['feedId'] === 'string' && typeof r['headline'] === 'string' &&
    Array.isArray(r['ids']) && Array.isArray(r['sentenceHashes']) && Array.isArray(r['features']) &&
    numbers.every((n) => typeof r[n] === 'number') && typeof r['killed'] === 'boolean'
  );
}
