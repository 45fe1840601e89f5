import { buildAlerts, type FeedInfo } from '../core/alerts/build-alerts.js';
import { deliveryNonce, outboxKeyOf } from '../core/alerts/delivery-keys.js';
import { extractUrgency, type UrgencyRule } from '../core/attention/extract-urgency.js';
import type { Urgency } from '../core/attention/urgency.js';
import type { Alert, Subscription } from '../core/model.js';
import type { FeedItemIndex, FeedState, Logger, OutboxEntry, StoredArticle, Stores, Clock } from '../core/ports.js';
import { buildSummary } from '../core/summary/build-summary.js';
import type { FeedFetcher } from '../feeds/create-fetcher.js';
import { redactUrl } from '../feeds/redact-url.js';
import { clusterAlerts } from './cluster-alerts.js';
import { pickFirstPollPreviews } from './first-poll-previews.js';
import { planStoryAlerts, type LifecycleSettings, type StoryItem } from './plan-story-alerts.js';
import type { Backfill, FeedItemReader } from './read-feed-items.js';

export type { Backfill } from './read-feed-items.js';

export interface PollFeedConfig extends FeedInfo {
  headers?: Record<string, string>;
  /** `feeds[].urgency`: where the wire urgency is read. */
  urgency?: UrgencyRule;
  /** The URL as alerts and `status` show it: no credentials, no value substituted from the environment. */
  displayUrl?: string;
}

export interface PollContext {
  /** `run --once` polls every feed, also one backing off after failures (an admin may just have fixed it). */
  ignoreBackoff?: boolean;
  fetcher: FeedFetcher;
  stores: Stores;
  /** Parses, extracts and matches a fetched body with the current subscriptions (inline or in worker threads). */
  reader: FeedItemReader;
  subscriptions: ReadonlyMap<string, Subscription>;
  /** `channels[].minUrgency` by channel id. */
  channelFloors?: ReadonlyMap<string, Urgency>;
  /** Versions, corrections and kills of alerted stories (`lifecycle`, `channels[].updates`). */
  lifecycle: LifecycleSettings;
  backfill: Backfill;
  /**
   * A first poll's items that alert on nothing: how many of the newest are kept for previews (firstPollShare
   * of the feed count; default all).
   */
  firstPollPreviews?: number;
  seenTtlMs: number;
  failureThreshold: number;
  clock: Clock;
  log: Logger;
  /** Called once when a feed crosses the failure threshold, and once when it recovers. */
  onFeedHealthChange?: (feed: PollFeedConfig, failing: boolean, state: FeedState, previous: FeedState | undefined) => Promise<void> | void;
}

export type PollResult =
  | { kind: 'skipped'; reason: 'backoff' }
  | { kind: 'not-modified' | 'unchanged' }
  | { kind: 'failed'; error: string }
  | { kind: 'fetched'; items: number; newItems: number; alerts: number };


export async function pollFeed(feed: PollFeedConfig, ctx: PollContext): Promise<PollResult> {
  const { stores, clock, log } = ctx;
  const previous = await stores.feedState.get(feed.id);
  const now = clock.now();
  if (!ctx.ignoreBackoff && previous?.nextPollAt && previous.nextPollAt > now) return { kind: 'skipped', reason: 'backoff' };

  const wireElements = feed.urgency && feed.urgency.from !== 'title-prefix' ? { wireElements: [feed.urgency.from] } : {};
  // The item index is loaded once the body is in (a 304 needs none), and handed to the reader so known items
  // are not extracted again. A store error there is the store's, not the feed's: it is rethrown below.
  let index: FeedItemIndex | undefined;
  let storeError: { err: unknown } | null = null;
  const outcome = await ctx.fetcher.pollWith({ id: feed.id, url: feed.url, headers: feed.headers, ...wireElements }, previous,
    async (body, opts) => {
      try {
        index = await stores.feedItems.load(feed.id);
      } catch (err) {
        storeError = { err };
        throw err;
      }
      const known = index ? [...index.keys()] : [];
      const knownHashes = index ? [...index.values()].map((v) => v.hash ?? 0) : [];
      return ctx.reader.read(body, opts, { known, knownHashes, firstPoll: index === undefined, backfill: ctx.backfill, now });
    });
  if (storeError) throw (storeError as { err: unknown }).err;
  const state = await trackHealth(feed, previous, outcome.state, ctx);

  if (outcome.kind === 'failed') {
    await stores.feedState.set(feed.id, state);
    log.warn({ feed: feed.id, url: outcome.error.url, kind: outcome.error.kind, status: outcome.error.status,
      failures: state.consecutiveFailures }, `feed ${feed.id} failed: ${outcome.error.message}`);
    return { kind: 'failed', error: outcome.error.message };
  }
  if (outcome.kind !== 'fetched') {
    await stores.feedState.set(feed.id, state);
    return { kind: outcome.kind };
  }

  const read = outcome.result;
  const nextIndex: FeedItemIndex = index ?? new Map();
  read.ids.forEach((id, i) => {
    const known = nextIndex.get(id);
    if (known) {
      known.lastSeenAt = now;
      known.hash = read.hashes[i];
    } else nextIndex.set(id, { firstSeenAt: now, lastSeenAt: now, hash: read.hashes[i] });
  });
  pruneGoneItems(nextIndex, now, ctx.seenTtlMs);

  const recent: StoredArticle[] = [];
  const storyItems: StoryItem[] = [];
  // Alerts are stored and printed: the feed URL in them never carries credentials (`?key=${KEY}`, userinfo).
  const feedInfo = { ...feed, url: feed.displayUrl ?? redactUrl(feed.url) };
  for (const item of read.fresh) {
    const { article, title, text, hits, prepared } = item;
    // A changed version is not a second article for previews.
    if (!item.changed) {
      recent.push({ feedId: feed.id, id: article.id, title, text, link: article.link, published: article.published, firstSeenAt: now,
        ...(item.raw ? { raw: true as const } : {}) });
    }
    const alerts = hits.length === 0 || !prepared ? [] : buildAlerts({
      feed: feedInfo, article, title, hits, subscriptions: ctx.subscriptions, firstSeenAt: now,
      summarize: (matched) => buildSummary(prepared, matched),
      urgency: extractUrgency({ title, ...(article.wire ? { wire: article.wire } : {}) }, feed.urgency),
      ...(ctx.channelFloors ? { channelFloors: ctx.channelFloors } : {}),
    });
    storyItems.push({ item, alerts });
  }
  const stored = ctx.firstPollPreviews === undefined ? recent : pickFirstPollPreviews(recent, ctx.firstPollPreviews);
  const stories = await planStoryAlerts(feedInfo, storyItems, stores.stories, now, ctx.lifecycle);
  const fresh = new Set((await dropAlreadyDelivered(stories.alerts.map(({ alert }) => toEntry(alert, now)), stores)).map((e) => e.key));
  const firsts = await clusterAlerts(stories.alerts.filter(({ alert }) => fresh.has(outboxKeyOf(alert))), stories.followUps,
    stores.stories, now, ctx.lifecycle);

  // Order matters for crash safety: queue alerts before remembering the items and their stories, so a crash
  // in between re-finds them next poll (enqueue is idempotent by key) instead of losing them. Cluster decisions
  // are saved before this: a replayed poll finds them and decides the same.
  const queued = [...firsts, ...stories.followUps].map((alert) => toEntry(alert, now));
  if (queued.length) await stores.outbox.enqueue(queued);
  await stories.save();
  await stores.savePoll(feed.id, { recent: stored, index: nextIndex, state });
  // Counted once the items are remembered: a poll that failed before this reads them again and must not count
  // them twice (a store outage would otherwise fill the window with a few feeds' items).
  const background = ctx.lifecycle.background;
  if (background) for (const item of read.fresh) if (item.features) background.observe(item.features);

  for (const warning of read.warnings) log.warn({ feed: feed.id }, `feed ${feed.id}: ${warning}`);
  log.debug({ feed: feed.id, items: read.ids.length, new: read.fresh.length, alerts: queued.length }, 'feed polled');
  return { kind: 'fetched', items: read.ids.length, newItems: read.fresh.length, alerts: queued.length };
}

function toEntry(alert: Alert, now: number): OutboxEntry {
  const key = outboxKeyOf(alert);
  return { key, channel: alert.channel, alert, nonce: deliveryNonce(key), enqueuedAt: now, attempts: 0, nextAttemptAt: now,
    lastError: null };
}

/** Items still in the feed never expire; gone ones are forgotten after the seen TTL. */
function pruneGoneItems(index: FeedItemIndex, now: number, ttlMs: number): void {
  for (const [id, entry] of index) if (entry.lastSeenAt < now - ttlMs) index.delete(id);
}

/** The same identity in another feed may already have reached the channel. */
async function dropAlreadyDelivered(entries: OutboxEntry[], stores: Stores): Promise<OutboxEntry[]> {
  const byChannel = new Map<string, OutboxEntry[]>();
  for (const e of entries) byChannel.set(e.channel, [...(byChannel.get(e.channel) ?? []), e]);
  const kept: OutboxEntry[] = [];
  for (const [channel, list] of byChannel) {
    const seen = await stores.seen.seen(channel, list.map((e) => e.alert.id));
    for (const e of list) if (!seen.has(e.alert.id)) kept.push(e);
  }
  return kept;
}

async function trackHealth(feed: PollFeedConfig, previous: FeedState | undefined, next: FeedState,
  ctx: PollContext): Promise<FeedState> {
  const wasFailing = previous?.failing ?? false;
  const failing = next.consecutiveFailures >= ctx.failureThreshold ? true : next.consecutiveFailures === 0 ? false : wasFailing;
  const state = { ...next, failing };
  if (failing !== wasFailing) {
    ctx.log[failing ? 'error' : 'info']({ feed: feed.id, failures: state.consecutiveFailures, lastError: state.lastError },
      failing ? `feed ${feed.id} is failing after ${state.consecutiveFailures} consecutive failures` : `feed ${feed.id} recovered`);
    await ctx.onFeedHealthChange?.(feed, failing, state, previous);
  }
  return state;
}
