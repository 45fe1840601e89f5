/** What a config reload changes, so the app applies it without a restart (or says which keys need one). */
import type { AppConfig, FeedConfig } from './schema.js';

export interface ConfigDiff {
  /** Feeds to start polling. */
  feedsAdded: FeedConfig[];
  /** Ids of feeds to stop polling. */
  feedsRemoved: string[];
  /** Same id, anything else different (url, name, headers, colour, or the schedule in effect): the new form. */
  feedsChanged: FeedConfig[];
  channelsChanged: boolean;
  subscriptionsChanged: boolean;
  fetchChanged: boolean;
  permissionsChanged: boolean;
  noticesChanged: boolean;
  logLevelChanged: boolean;
  /** backfill, TTLs, failure threshold, delivery timings: read on each use, applied as they are. */
  tuningChanged: boolean;
  /** Keys changed that only a restart applies (store, http, scaleOut, workers); the app logs them. */
  restartRequired: string[];
  /** Anything at all differs. */
  changed: boolean;
}

export function diffConfig(prev: AppConfig, next: AppConfig): ConfigDiff {
  const prevFeeds = new Map(prev.feeds.map((feed) => [feed.id, feed]));
  const nextFeeds = new Map(next.feeds.map((feed) => [feed.id, feed]));
  const feedsAdded = next.feeds.filter((feed) => !prevFeeds.has(feed.id));
  const feedsRemoved = prev.feeds.filter((feed) => !nextFeeds.has(feed.id)).map((feed) => feed.id);
  const feedsChanged = next.feeds.filter((feed) => {
    const before = prevFeeds.get(feed.id);
    return before !== undefined && !same(effectiveFeed(before, prev), effectiveFeed(feed, next));
  });

  const restartRequired = (['store', 'http', 'scaleOut', 'workers'] as const).filter((key) => !same(prev[key], next[key]));
  const diff: Omit<ConfigDiff, 'changed'> = {
    feedsAdded,
    feedsRemoved,
    feedsChanged,
    channelsChanged: !same(byId(prev.channels), byId(next.channels)),
    subscriptionsChanged: !same(byId(prev.subscriptions), byId(next.subscriptions)),
    fetchChanged: !same(prev.fetch, next.fetch),
    permissionsChanged: !same(prev.permissions, next.permissions),
    noticesChanged: !same(prev.notices, next.notices),
    logLevelChanged: prev.log.level !== next.log.level,
    tuningChanged: !same(tuning(prev), tuning(next)),
    restartRequired,
  };
  const changed =
    feedsAdded.length + feedsRemoved.length + feedsChanged.length + restartRequired.length > 0 ||
    Object.values(diff).some((value) => value === true);
  return { ...diff, changed };
}

/** A feed as it is polled: its own schedule or the top-level one. */
function effectiveFeed(feed: FeedConfig, cfg: AppConfig): FeedConfig {
  return { ...feed, schedule: feed.schedule ?? cfg.schedule };
}

function tuning(cfg: AppConfig): unknown {
  return [cfg.backfill, cfg.seenTtl, cfg.recentTtl, cfg.failureThreshold, cfg.delivery];
}

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Structural equality that ignores key order (YAML edits may reorder keys without changing meaning). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
