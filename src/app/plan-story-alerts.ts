/**
 * The poll's story lifecycle step: each fresh or changed item is checked against the stories its feed alerted
 * (core/lifecycle/plan-versions), which turns a later version into updates or kills of the first alerts, and
 * tags first alerts with their event features for clustering (app/cluster-alerts). The feed's story state is saved by
 * the caller after the outbox entries are queued: a crash in between replays the same plan, whose entries are
 * idempotent by key.
 */
import type { FeedInfo } from '../core/alerts/build-alerts.js';
import type { BackgroundWords } from '../core/lifecycle/background-words.js';
import { planVersions } from '../core/lifecycle/plan-versions.js';
import { prepareStory, storyTime } from '../core/lifecycle/prepare-story.js';
import { extractText } from '../core/extract-text.js';
import type { ChannelStoryState } from '../core/lifecycle/story-state.js';
import type { Alert, UpdatesMode } from '../core/model.js';
import type { StoryStore } from '../core/ports.js';
import type { FirstAlert } from './cluster-alerts.js';
import type { FreshItem } from './read-feed-items.js';

/** `lifecycle` in config: how far apart in time, and how alike, two stories may be to be one event. */
export interface LifecycleWindow {
  windowMs: number;
  threshold: number;
}

export interface LifecycleSettings extends LifecycleWindow {
  /** `channels[].updates` (default thread). */
  updatesOf: (channel: string) => UpdatesMode;
  /** `channels[].clusters: off`. */
  clustersOff: (channel: string) => boolean;
  /**
   * The stream's background words, learnt across polls from every new article (app/poll-feed) and left out of
   * same-event comparisons (versions are told apart on every word); without it every content word counts.
   */
  background?: BackgroundWords;
}

export interface StoryItem {
  item: FreshItem;
  /** The item's alerts as its subscriptions give them now, one per channel. */
  alerts: Alert[];
}

export interface StoryPlan {
  /** First alerts, with the event features of their story. */
  alerts: FirstAlert[];
  /** Updates and kills, which bypass the seen check (their item was seen: it is the story they follow). */
  followUps: Alert[];
  /** Saves the feed's story state; a no-op when nothing changed. */
  save: () => Promise<void>;
}

export async function planStoryAlerts(feed: FeedInfo, items: readonly StoryItem[], stories: StoryStore, now: number,
  settings: LifecycleSettings): Promise<StoryPlan> {
  const plan: StoryPlan = { alerts: [], followUps: [], save: async () => {} };
  if (items.length === 0) return plan;
  const initial = await stories.loadFeed(feed.id);
  let state: ChannelStoryState = initial;
  for (const { item, alerts } of items) {
    // Most items match nothing and belong to no story a channel got: nothing to prepare.
    if (alerts.length === 0 && state.stories.length === 0) continue;
    const { article } = item;
    // Not extracted at read time (nothing could match it), but it may still be a later version of a story.
    const title = item.raw ? extractText(article.title) : item.title;
    const body = item.raw ? extractText(article.body) : item.text;
    // Read with the item (on a worker when there are workers), its time by this clock as prepareStory's would be.
    const story = item.story ? { ...item.story, at: storyTime(article.published, now) } : prepareStory({
      feedId: feed.id, id: article.id, title, body, link: article.link, published: article.published,
      ...(article.wire ? { wire: article.wire } : {}),
    }, now);
    const next = planVersions(state, { story, title, article, alerts }, {
      feed, now, updatesOf: settings.updatesOf, windowMs: settings.windowMs, threshold: settings.threshold,
    });
    state = next.state;
    const cluster = { feedId: feed.id, features: story.features, at: story.at };
    for (const alert of next.alerts) plan.alerts.push({ alert, cluster });
    plan.followUps.push(...next.followUps);
  }
  if (state !== initial) plan.save = () => stories.saveFeed(feed.id, state);
  return plan;
}
