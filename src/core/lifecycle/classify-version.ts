/**
 * Versions of one story within one feed: is this item a version of a story the channel already has, and if
 * so is it the same, an update, a correction or a kill?
 *
 * Identity, strongest first (all within the item's own feed, as seen items are):
 * 1. the same guid/id;
 * 2. the same link without its tracking parameters (a new guid for the same page);
 * 3. the same wire slug, when the item is marked as a version or its headline + lede look alike (slugs like
 *    "AFGHANISTAN-CONFLICT/" are topic slugs that many stories of a week share, so the slug alone is not enough);
 * 4. the same headline (folded, markers off) within the event window;
 * 5. a marked version ("UPDATE 1-", "CORRECTED-", "KILL") whose headline + lede look like a story of the window.
 */
import { describeChange } from './describe-change.js';
import { measureEventSimilarity, SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
import type { PreparedStory } from './prepare-story.js';
import type { ChannelStoryState, StoryRecord } from './story-state.js';

export type VersionVia = 'id' | 'link' | 'slug' | 'headline' | 'marker';
export type VersionKind = 'same' | 'update' | 'correction' | 'kill';

export interface VersionMatch {
  story: StoryRecord;
  via: VersionVia;
}

export interface VersionDecision {
  kind: VersionKind;
  /** For updates and corrections: the short "what changed" line. */
  whatChanged?: string;
}

/** How alike a slug match's headline + lede must be without a version marker: topic slugs are shared by many stories. */
export const SLUG_SIMILARITY = 0.35;
// A headline of one or two words ("Afghanistan", "Live updates") names a topic, not a story.
const MIN_HEADLINE_WORDS = 3;
const RANK: Record<VersionVia, number> = { id: 5, link: 4, slug: 3, headline: 2, marker: 1 };

function isMarked(story: PreparedStory): boolean {
  const m = story.markers;
  return m.update || m.refile || m.correction || m.kill;
}

function isWithin(a: number, b: number, windowMs: number): boolean {
  return Math.abs(a - b) <= windowMs;
}

/** The remembered story this item is a version of, and why; null for a story the channel has not seen. */
export function findPreviousVersion(
  state: ChannelStoryState,
  story: PreparedStory,
  windowMs = SAME_EVENT_WINDOW_MS,
  threshold = SAME_EVENT_THRESHOLD,
): VersionMatch | null {
  const own = state.stories.filter((s) => s.feedId === story.feedId);
  const byId = own.find((s) => s.ids.includes(story.id));
  if (byId) return { story: byId, via: 'id' };
  const byLink = story.link ? own.find((s) => s.link === story.link) : undefined;
  if (byLink) return { story: byLink, via: 'link' };
  const marked = isMarked(story);
  const headlineUsable = story.headline.split(' ').length >= MIN_HEADLINE_WORDS;
  let best: VersionMatch | null = null;
  let bestRank = 0;
  let bestScore = -1;
  // Newest first, so of equally good candidates the later story (the one being written through) wins.
  for (let i = own.length - 1; i >= 0; i--) {
    const s = own[i]!;
    const similarity = measureEventSimilarity(s.features, story.features);
    let via: VersionVia | null = null;
    if (story.slug && s.slug === story.slug && (marked || similarity >= SLUG_SIMILARITY)) via = 'slug';
    else if (isWithin(s.at, story.at, windowMs)) {
      if (headlineUsable && s.headlineHash === story.headlineHash) via = 'headline';
      else if (marked && similarity >= threshold) via = 'marker';
    }
    if (!via) continue;
    const rank = RANK[via];
    if (rank > bestRank || (rank === bestRank && similarity > bestScore)) {
      best = { story: s, via };
      bestRank = rank;
      bestScore = similarity;
    }
  }
  return best;
}

/**
 * What a version is, given the story it belongs to. A kill wins; a correction is flagged as such once (the
 * same corrected text sent again is `same`); no material change (case, whitespace, punctuation, tracking
 * parameters, markers) is `same`; anything else is an update with a "what changed" line.
 */
export function decideVersion(previous: StoryRecord, next: PreparedStory): VersionDecision {
  // A kill is acted on once: the original alert is already struck through.
  if (next.markers.kill) return { kind: previous.killed ? 'same' : 'kill' };
  const changed = next.headlineHash !== previous.headlineHash || next.bodyHash !== previous.bodyHash;
  if (next.markers.correction && (changed || !previous.corrected)) {
    return { kind: 'correction', whatChanged: changed ? describeChange(previous, next) : (next.advisory ?? 'corrected') };
  }
  if (!changed) return { kind: 'same' };
  return { kind: 'update', whatChanged: describeChange(previous, next) };
}
