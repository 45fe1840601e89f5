/**
 * Poll time, per feed: is a fresh or changed item a later version of a story this feed already alerted
 * somewhere? Versions are matched within their own feed (classify-version), so a feed's state is enough, and
 * it is read once per poll instead of every channel's. The state remembers, per story, which channels got an
 * alert and under which item identity: that first alert is what an update replies to and a kill edits.
 */
import type { FeedInfo } from '../alerts/build-alerts.js';
import type { Alert, Article, UpdatesMode } from '../model.js';
import { createRecord, rememberStory, type LifecycleDecision } from './classify-story.js';
import { decideVersion, findPreviousVersion, type VersionDecision } from './classify-version.js';
import { SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from './event-features.js';
import type { PreparedStory } from './prepare-story.js';
import { addStory, makeStoryKey, STORY_LIMITS, type ChannelStoryState, type StoryLimits, type StoryRecord } from './story-state.js';

export interface VersionCandidate {
  story: PreparedStory;
  /** Clean headline as alerts show it. */
  title: string;
  article: Pick<Article, 'id' | 'link' | 'published'>;
  /** Alerts for the channels whose subscriptions match this copy now, one per channel. */
  alerts: readonly Alert[];
}

export interface VersionOptions {
  feed: FeedInfo;
  now: number;
  updatesOf: (channel: string) => UpdatesMode;
  windowMs?: number;
  threshold?: number;
  limits?: StoryLimits;
}

export interface VersionPlan {
  /** Alerts to queue: channels that had not had this story. */
  alerts: Alert[];
  /** Updates and kills of first alerts already queued or sent. */
  followUps: Alert[];
  /** The feed's state after this item; the same object when nothing changed. */
  state: ChannelStoryState;
}

export function planVersions(state: ChannelStoryState, candidate: VersionCandidate, options: VersionOptions): VersionPlan {
  const { story, alerts } = candidate;
  const limits = options.limits ?? STORY_LIMITS;
  const previous = state.stories.length
    ? findPreviousVersion(state, story, options.windowMs ?? SAME_EVENT_WINDOW_MS, options.threshold ?? SAME_EVENT_THRESHOLD)
    : null;
  if (!previous) {
    // A withdrawal of a story no channel got is not news; nor is a story nothing matched.
    if (story.markers.kill || alerts.length === 0) return { alerts: [], followUps: [], state };
    const record: StoryRecord = { ...createRecord(story, options.now), alertedIn: alertedInOf(alerts) };
    return { alerts: [...alerts], followUps: [], state: addStory(state, record, limits.maxStories) };
  }
  const version = decideVersion(previous.story, story);
  const decision = toDecision(previous.story.key, previous.via, version);
  const alertedIn = previous.story.alertedIn ?? {};
  const followUps: Alert[] = [];
  if (version.kind !== 'same') {
    for (const [channel, firstAlertId] of Object.entries(alertedIn)) {
      const mode = options.updatesOf(channel);
      if (mode === 'off') continue;
      followUps.push(buildFollowUp(channel, firstAlertId, mode, previous.story, version, candidate, options));
    }
  }
  // A later copy that now matches another channel's subscriptions is that channel's first alert of the story.
  const fresh = version.kind === 'kill' ? [] : alerts.filter((a) => !(a.channel in alertedIn));
  let next = rememberStory(state, story, decision, options.now, limits);
  if (fresh.length) {
    const record = next.stories.find((s) => s.key === previous.story.key);
    if (record) next = addStory(next, { ...record, alertedIn: { ...alertedIn, ...alertedInOf(fresh) } }, limits.maxStories);
  }
  return { alerts: fresh, followUps, state: next };
}

function alertedInOf(alerts: readonly Alert[]): Record<string, string> {
  return Object.fromEntries(alerts.map((a) => [a.channel, a.id]));
}

function toDecision(key: string, via: LifecycleDecision extends infer D ? D extends { via: infer V } ? V : never : never,
  version: VersionDecision): LifecycleDecision {
  if (version.kind === 'update' || version.kind === 'correction') return { kind: version.kind, story: key, via, whatChanged: version.whatChanged ?? '' };
  return { kind: version.kind, story: key, via };
}

function buildFollowUp(channel: string, firstAlertId: string, mode: UpdatesMode, previous: StoryRecord, version: VersionDecision,
  candidate: VersionCandidate, options: VersionOptions): Alert {
  const { story, article, title } = candidate;
  // Where the copy still matches the channel, its subscriptions and terms say why the channel follows it.
  const matchedNow = candidate.alerts.find((a) => a.channel === channel);
  const kill = version.kind === 'kill';
  const whatChanged = kill ? undefined : version.whatChanged;
  return {
    channel,
    subscriptions: matchedNow?.subscriptions ?? [],
    feed: options.feed.id,
    feedName: options.feed.name,
    feedUrl: options.feed.url,
    id: article.id,
    // The follow-up says UPDATE/CORRECTION itself: the wire's own "UPDATE 1-" would say it twice.
    title: kill ? previous.headline : story.headline || title,
    link: kill ? article.link ?? null : article.link,
    published: article.published,
    matched: matchedNow?.matched ?? [],
    summary: whatChanged ? [{ kind: 'text', text: whatChanged }] : [],
    firstSeenAt: options.now,
    kind: kill ? 'kill' : 'update',
    ...(matchedNow?.urgency ? { urgency: matchedNow.urgency } : {}),
    followUp: {
      firstAlertId,
      firstTitle: previous.headline,
      ...(whatChanged ? { whatChanged } : {}),
      ...(version.kind === 'correction' ? { correction: true } : {}),
      ...(mode === 'new' ? { standalone: true } : {}),
      ...(kill ? {} : { version: `${story.headlineHash.toString(36)}.${story.bodyHash.toString(36)}` }),
    },
  };
}

export { makeStoryKey };
