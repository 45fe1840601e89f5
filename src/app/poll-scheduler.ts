import type { Urgency } from '../core/attention/urgency.js';
import type { ChannelTarget, Subscription } from '../core/model.js';
import type { Clock, Logger, Stores } from '../core/ports.js';
import type { Matcher } from '../core/matcher/compile-matcher.js';
import { FETCH_DEFAULTS } from '../core/defaults.js';
import { BACKGROUND_SHARE, BackgroundWords } from '../core/lifecycle/background-words.js';
import { SAME_EVENT_THRESHOLD, SAME_EVENT_WINDOW_MS } from '../core/lifecycle/event-features.js';
import { hostKey, type FeedFetcher } from '../feeds/create-fetcher.js';
import type { Metrics } from './metrics.js';
import type { LifecycleSettings, LifecycleWindow } from './plan-story-alerts.js';
import { pollFeed, type Backfill, type PollContext, type PollFeedConfig } from './poll-feed.js';
import { createPollLeases, TICK_GRACE_MS } from './poll-lease.js';
import { runPool } from './run-pool.js';
import { schedulePolls, type PollTicks, type SchedulePolls } from './schedule-polls.js';
import type { StoreOutage } from './store-outage.js';
import { sleep } from './system-clock.js';
import { createSubscriptionCache, type CompiledSubscriptions } from './subscription-cache.js';
import { inlineReader } from './read-feed-items.js';
import { firstPollShare } from './first-poll-previews.js';
import type { ReadPool } from './read-pool.js';

export interface RuntimeFeed extends PollFeedConfig {
  schedule: string;
}

/** What polling takes from the config. */
export interface PollSettings {
  feeds: readonly RuntimeFeed[];
  subscriptions: readonly Subscription[];
  backfill: Backfill;
  seenTtlMs: number;
  failureThreshold: number;
  /** Config channels: their `minUrgency` floors apply to every subscription on them. */
  channels?: readonly ChannelTarget[];
  /** fetch.concurrency: feeds polled at once, enforced here only (the fetcher caps per host, not overall). */
  concurrency: number;
  /** fetch.perHostConcurrency (default 4): a feed waiting for its host does not hold one of the slots above. */
  perHostConcurrency?: number;
  leaseTtlMs: number;
  /**
   * `lifecycle`: the window and threshold of versions and same-event clustering (defaults 6 h, 0.25), and the share
   * of articles above which a word is background (default 0.2; 1: none is).
   */
  lifecycle?: LifecycleWindow & { backgroundShare?: number };
}

export interface PollSchedulerDeps {
  settings: PollSettings;
  stores: Stores;
  fetcher: FeedFetcher;
  compileMatcher: (subs: ReadonlyArray<{ id: string; query: string }>) => Matcher;
  /** Worker threads that parse, extract and match (config `workers`); without one, all of it runs inline. */
  readPool?: ReadPool;
  clock: Clock;
  log: Logger;
  /** Identifies this process in poll leases. */
  owner: string;
  metrics: Metrics;
  outage: StoreOutage;
  /** Aborted at shutdown: no poll starts from then on. */
  signal: AbortSignal;
  /** A poll queued alerts. */
  onAlertsQueued: () => void;
  onFeedHealthChange: PollContext['onFeedHealthChange'];
  /** Cron by default; tests fire ticks by hand. */
  schedulePolls?: SchedulePolls;
}

export interface PollScheduler {
  /** `tickAt`: the scheduled tick this round serves (scheduler only; a direct call always polls). */
  pollFeeds(ids: readonly string[], tickAt?: number, ignoreBackoff?: boolean): Promise<void>;
  /** `ignoreBackoff`: `run --once` polls every feed, including those backing off after failures. */
  pollAll(opts?: { ignoreBackoff?: boolean }): Promise<void>;
  /** Schedules the feeds and polls them once right away; resolves when that poll is done (never rejects). */
  start(): Promise<void>;
  /** No tick fires from now on; polls in flight go on (see `settle`). */
  stop(): Promise<void>;
  /** Waits for the polls in flight, up to `deadlineMs`. */
  settle(deadlineMs: number): Promise<void>;
  /** A config reload: new feeds and subscriptions, rescheduled if started. */
  apply(settings: PollSettings): Promise<void>;
  /** A reload with new fetch settings: polls from now on use `next`; the caller closes the old one. */
  setFetcher(next: FeedFetcher): void;
}

/**
 * State it owns: the settings and feeds by id, the fetcher, the cron ticks (null until started and once
 * stopped) and the polls in flight (a feed is never polled twice at once in one process).
 */
export function createPollScheduler(deps: PollSchedulerDeps): PollScheduler {
  const { stores, clock, log, metrics, outage, signal } = deps;
  const scheduleTicks = deps.schedulePolls ?? schedulePolls;
  let settings = deps.settings;
  let feedsById = new Map(settings.feeds.map((f) => [f.id, f]));
  let fetcher = deps.fetcher;
  let ticks: PollTicks | null = null;
  const inFlight = new Map<string, Promise<void>>();
  const { readPool } = deps;
  const subscriptions = createSubscriptionCache({
    configSubscriptions: settings.subscriptions, stores, log,
    compile: readPool ? (subs) => readPool.load(subs) : (subs) => inlineReader(deps.compileMatcher(subs)),
  });
  // Learnt from every poll of this process, so it lives as long as the scheduler (a restart learns it again); a
  // reload keeps what was learnt unless it changes the share.
  const shareOf = (s: PollSettings) => s.lifecycle?.backgroundShare ?? BACKGROUND_SHARE;
  let background = new BackgroundWords({ share: shareOf(settings) });
  const leases = createPollLeases({ stores, owner: deps.owner, clock, log, outage, ttlMs: () => settings.leaseTtlMs });

  async function pollOne(feed: RuntimeFeed, compiled: CompiledSubscriptions, tickAt: number | undefined,
    ignoreBackoff: boolean): Promise<void> {
    if (inFlight.has(feed.id) || signal.aborted) return;
    // Marked in flight before the first await: two rounds of this process (the start-up poll and a tick) can
    // reach a feed together, and the lease does not tell them apart (its holder re-acquires it).
    let done!: () => void;
    inFlight.set(feed.id, new Promise<void>((resolve) => (done = resolve)));
    try {
      if (!(await leases.take(feed.id, tickAt))) return;
      try {
        await pollLeased(feed, compiled, ignoreBackoff);
      } finally {
        await leases.handOver(feed.id, ticks?.nextRun(feed.id)?.getTime() ?? null);
      }
    } finally {
      inFlight.delete(feed.id);
      done();
    }
  }

  async function pollLeased(feed: RuntimeFeed, { reader, subs }: CompiledSubscriptions, ignoreBackoff: boolean): Promise<void> {
    const endKeepAlive = leases.keepAlive(feed.id);
    try {
      metrics.polls++;
      const result = await pollFeed(feed, {
        fetcher, stores, reader, subscriptions: subs, backfill: settings.backfill,
        firstPollPreviews: firstPollShare(settings.feeds.length), channelFloors: channelFloorsOf(settings.channels ?? []),
        lifecycle: lifecycleOf(settings, background),
        seenTtlMs: settings.seenTtlMs, failureThreshold: settings.failureThreshold, clock, log,
        onFeedHealthChange: deps.onFeedHealthChange, ignoreBackoff,
      });
      if (result.kind === 'failed') metrics.pollFailures++;
      if (result.kind === 'fetched' && result.alerts > 0) {
        metrics.alertsQueued += result.alerts;
        deps.onAlertsQueued();
      }
    } catch (err) {
      metrics.pollFailures++;
      if (!outage.failed(err, `poll of ${feed.id}`)) log.error({ err, feed: feed.id }, `poll of feed ${feed.id} failed unexpectedly`);
    } finally {
      endKeepAlive();
    }
  }

  async function pollFeeds(ids: readonly string[], tickAt?: number, ignoreBackoff = false): Promise<void> {
    try {
      const compiled = await subscriptions.current();
      outage.succeeded();
      const feeds = ids.map((id) => feedsById.get(id)).filter((f): f is RuntimeFeed => f !== undefined);
      await runPool(feeds, settings.concurrency, (feed) => pollOne(feed, compiled, tickAt, ignoreBackoff),
        { keyOf: (feed) => hostKey(feed.url), perKey: settings.perHostConcurrency ?? FETCH_DEFAULTS.perHostConcurrency });
    } catch (err) {
      // Store away: this tick is skipped (logged once per outage); the next tick tries again.
      if (!outage.failed(err, 'poll tick')) throw err;
    }
  }

  const schedule = () => scheduleTicks(settings.feeds, (ids) => pollFeeds(ids, clock.now()), log);

  return {
    pollFeeds,
    pollAll: (opts = {}) => pollFeeds([...feedsById.keys()], undefined, opts.ignoreBackoff),
    start() {
      ticks = schedule();
      // Poll once right away: a restart or a first `npm start` should not wait for the next tick
      // (up to two minutes on the default schedule). Served as a tick that began one lease period ago, so a
      // feed another instance (or our previous run) polled that recently is not fetched again.
      return pollFeeds([...feedsById.keys()], clock.now() - settings.leaseTtlMs + TICK_GRACE_MS)
        .catch((err) => log.error({ err }, 'start-up poll failed'));
    },
    async stop() {
      await ticks?.stop();
      ticks = null;
    },
    async settle(deadlineMs) {
      // Polls in flight finish within the fetch timeout; wait for them only up to the deadline.
      const until = clock.now() + deadlineMs;
      while (inFlight.size > 0 && clock.now() < until) {
        const timeout = new AbortController();
        await Promise.race([Promise.allSettled(inFlight.values()), sleep(until - clock.now(), timeout.signal)]);
        timeout.abort();
      }
    },
    async apply(next) {
      if (shareOf(next) !== shareOf(settings)) background = new BackgroundWords({ share: shareOf(next) });
      settings = next;
      feedsById = new Map(next.feeds.map((f) => [f.id, f]));
      subscriptions.apply(next.subscriptions);
      if (ticks) {
        await ticks.stop();
        ticks = schedule();
      }
    },
    setFetcher(next) {
      fetcher = next;
    },
  };
}

/** Config channels' `updates` and `clusters`; channels registered by commands follow in threads, clustered. */
function lifecycleOf(settings: PollSettings, background: BackgroundWords): LifecycleSettings {
  const modes = new Map((settings.channels ?? []).map((c) => [c.id, c.updates ?? 'thread'] as const));
  const unclustered = new Set((settings.channels ?? []).filter((c) => c.clustersOff).map((c) => c.id));
  return {
    updatesOf: (channel) => modes.get(channel) ?? 'thread',
    clustersOff: (channel) => unclustered.has(channel),
    windowMs: settings.lifecycle?.windowMs ?? SAME_EVENT_WINDOW_MS,
    threshold: settings.lifecycle?.threshold ?? SAME_EVENT_THRESHOLD,
    background,
  };
}

/** `channels[].minUrgency` by channel id (only channels that set one). */
function channelFloorsOf(channels: readonly ChannelTarget[]): ReadonlyMap<string, Urgency> {
  const floors = new Map<string, Urgency>();
  for (const c of channels) if (c.minUrgency) floors.set(c.id, c.minUrgency);
  return floors;
}
