/**
 * The lifecycle decision for one article in one channel, and the channel state after it. Pure: the clock is
 * passed in, the state is data in and data out.
 *
 * - `new`: a story the channel has not had: alert it.
 * - `same`: a version with no material change: stay silent.
 * - `update` / `correction`: a later version of an alerted story, with its "what changed" line.
 * - `kill`: the story was withdrawn: strike the original alert, post nothing new.
 * - `also`: another outlet's story of an event already alerted: "also reported by <feed>".
 */
import { decideVersion, findPreviousVersion, type VersionVia } from './classify-version.js';
import { measureEventSimilarity, SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
import { prepareStory, type PreparedStory, type StoryInput } from './prepare-story.js';
import { addStory, makeStoryKey, STORY_LIMITS, type ChannelStoryState, type StoryLimits, type StoryRecord } from './story-state.js';

export type LifecycleDecision =
  | { kind: 'new' }
  | { kind: 'same'; story: string; via: VersionVia }
  | { kind: 'update' | 'correction'; story: string; via: VersionVia; whatChanged: string }
  | { kind: 'kill'; story: string; via: VersionVia }
  | { kind: 'also'; story: string; similarity: number };

export interface LifecycleOptions {
  /** Clock, epoch ms: event time of undated items, and "last seen" in the state. */
  now: number;
  /** Same-event window (default SAME_EVENT_WINDOW_MS, 6 h). */
  windowMs?: number;
  /** Same-event similarity threshold (default SAME_EVENT_THRESHOLD). */
  threshold?: number;
}

/** What the same-event search reads of a remembered story (a channel's cluster state keeps only this). */
export type EventRecord = Pick<StoryRecord, 'key' | 'feedId' | 'killed' | 'at' | 'features' | 'clusterOf'>;

export interface SameEventMatch {
  story: StoryRecord;
  similarity: number;
}

/**
 * The best other-outlet story of the same event within the window, or null. Only other feeds: a feed's own
 * later copy is a version (classify-version), never "also reported by" itself. Killed stories take nothing.
 */
export function findSameEvent<T extends EventRecord = StoryRecord>(
  state: { stories: readonly T[] },
  story: { feedId: string; features: readonly number[]; at: number },
  windowMs = SAME_EVENT_WINDOW_MS,
  threshold = SAME_EVENT_THRESHOLD,
): { story: T; similarity: number } | null {
  let best: { story: T; similarity: number } | null = null;
  for (const s of state.stories) {
    if (s.feedId === story.feedId || s.killed || Math.abs(s.at - story.at) > windowMs) continue;
    const similarity = measureEventSimilarity(s.features, story.features);
    if (similarity >= threshold && similarity > (best?.similarity ?? -1)) best = { story: s, similarity };
  }
  return best;
}

/** Versions first (a story's own later copy), then the same event from another outlet, else `new`. */
export function decideLifecycle(state: ChannelStoryState, story: PreparedStory, options: LifecycleOptions): LifecycleDecision {
  const windowMs = options.windowMs ?? SAME_EVENT_WINDOW_MS;
  const threshold = options.threshold ?? SAME_EVENT_THRESHOLD;
  const previous = findPreviousVersion(state, story, windowMs, threshold);
  if (previous) {
    const version = decideVersion(previous.story, story);
    const key = previous.story.key;
    if (version.kind === 'update' || version.kind === 'correction') {
      return { kind: version.kind, story: key, via: previous.via, whatChanged: version.whatChanged ?? '' };
    }
    return { kind: version.kind, story: key, via: previous.via };
  }
  const same = findSameEvent(state, story, windowMs, threshold);
  if (same) return { kind: 'also', story: same.story.clusterOf ?? same.story.key, similarity: same.similarity };
  return { kind: 'new' };
}

/** Reads the article and decides; the prepared story is returned for `rememberStory`. */
export function classifyStory(
  input: StoryInput,
  state: ChannelStoryState,
  options: LifecycleOptions,
): { decision: LifecycleDecision; story: PreparedStory } {
  const story = prepareStory(input, options.now);
  return { decision: decideLifecycle(state, story, options), story };
}

export function createRecord(story: PreparedStory, now: number): StoryRecord {
  return {
    key: makeStoryKey(story.feedId, story.id),
    feedId: story.feedId,
    ids: [story.id],
    link: story.link,
    slug: story.slug,
    headline: story.headline,
    headlineHash: story.headlineHash,
    bodyHash: story.bodyHash,
    sentenceHashes: story.sentenceHashes,
    features: story.features,
    at: story.at,
    firstSeenAt: now,
    lastSeenAt: now,
    versions: 1,
    corrected: story.markers.correction,
    killed: story.markers.kill,
  };
}

/**
 * The channel state after a decision was acted on: a new story (or an "also" one, linked to the story it was
 * folded into) is remembered; a version replaces the remembered text, keeping the first version's key,
 * event time and features, so later versions and other outlets still find the event that was alerted.
 */
export function rememberStory(
  state: ChannelStoryState,
  story: PreparedStory,
  decision: LifecycleDecision,
  now: number,
  limits: StoryLimits = STORY_LIMITS,
): ChannelStoryState {
  if (decision.kind === 'new') return addStory(state, createRecord(story, now), limits.maxStories);
  if (decision.kind === 'also') return addStory(state, { ...createRecord(story, now), clusterOf: decision.story }, limits.maxStories);
  const previous = state.stories.find((s) => s.key === decision.story);
  if (!previous) return addStory(state, createRecord(story, now), limits.maxStories);
  const ids = previous.ids.includes(story.id) ? previous.ids : [...previous.ids, story.id];
  if (decision.kind === 'same') return addStory(state, { ...previous, ids, lastSeenAt: now }, limits.maxStories);
  // A kill notice's text is the notice, not the story: keep the story as it was alerted.
  if (decision.kind === 'kill') return addStory(state, { ...previous, ids, lastSeenAt: now, killed: true }, limits.maxStories);
  return addStory(
    state,
    {
      ...previous,
      ids,
      link: story.link ?? previous.link,
      slug: story.slug ?? previous.slug,
      headline: story.headline || previous.headline,
      headlineHash: story.headlineHash,
      bodyHash: story.bodyHash,
      sentenceHashes: story.sentenceHashes,
      lastSeenAt: now,
      versions: previous.versions + 1,
      corrected: decision.kind === 'correction',
    },
    limits.maxStories,
  );
}
