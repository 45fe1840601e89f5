import { deliveryNonce, outboxKey } from '../core/alerts/delivery-keys.js';
import type { ChannelTarget, Subscription } from '../core/model.js';
import type { Clock, FeedState, Logger, Platform, Stores } from '../core/ports.js';
import type { Matcher } from '../core/matcher/compile-matcher.js';
import type { FeedFetcher } from '../feeds/create-fetcher.js';
import { redactUrl } from '../feeds/redact-url.js';
import { createSendGate, deliverPending, type DeliveryReport } from './deliver-pending.js';
import { createMetrics, observeLatency, type Metrics } from './metrics.js';
import { pollFeed, type Backfill, type PollFeedConfig } from './poll-feed.js';
import { runPool } from './run-pool.js';
import { schedulePolls } from './schedule-polls.js';
import { trackStoreOutage } from './store-outage.js';
import { sleep } from './system-clock.js';

export interface RuntimeFeed extends PollFeedConfig {
  schedule: string;
}

/** Everything the runtime takes from the config, already defaulted and in milliseconds. */
export interface RuntimeSettings {
  feeds: RuntimeFeed[];
  channels: ChannelTarget[];
  subscriptions: Subscription[];
  backfill: Backfill;
  seenTtlMs: number;
  failureThreshold: number;
  concurrency: number;
  retryBaseMs: number;
  retryMaxMs: number;
  claimTtlMs: number;
  leaseTtlMs: number;
  noticesChannel: string | null;
}

export interface RuntimeDeps {
  settings: RuntimeSettings;
  stores: Stores;
  fetcher: FeedFetcher;
  platforms: ReadonlyMap<string, Platform>;
  compileMatcher: (subs: ReadonlyArray<{ id: string; query: string }>) => Matcher;
  clock: Clock;
  log: Logger;
  /** Identifies this process in leases and claims. */
  owner: string;
  metrics?: Metrics;
}

export type Runtime = ReturnType<typeof createRuntime>;

/** Poll leases are held until this long before the next tick; polls finishing within it count for that tick. */
const TICK_GRACE_MS = 500;

export function createRuntime(deps: RuntimeDeps) {
  const { stores, clock, log, owner } = deps;
  const metrics = deps.metrics ?? createMetrics();
  let settings = deps.settings;
  let feedsById = new Map(settings.feeds.map((f) => [f.id, f]));
  let channels = new Map<string, ChannelTarget>();
  let compiled: { signature: string; matcher: Matcher; subs: Map<string, Subscription> } | null = null;
  let scheduler: ReturnType<typeof schedulePolls> | null = null;
  let deliveryTimer: NodeJS.Timeout | null = null;
  let delivering: Promise<DeliveryReport> | null = null;
  let deliverAgain = false;
  let fetcher = deps.fetcher;
  const inFlight = new Set<string>();
  const stopping = new AbortController();
  const sendGate = createSendGate();
  const outage = trackStoreOutage(log, clock);

  /** Config subscriptions plus those added by slash commands; recompiled only when the set changed. */
  async function refreshSubscriptions(): Promise<NonNullable<typeof compiled>> {
    const stored = await stores.subscriptions.list();
    // Config subscriptions change only through applySettings (which drops `compiled`), so only the usually
    // short list of command subscriptions is fingerprinted per tick, not 100,000 config ones.
    const signature = stored.map((s) => `${s.id}\u0000${s.query}\u0000${s.channel}\u0000${s.feeds?.join(',') ?? ''}`).sort().join('\n');
    if (compiled?.signature !== signature) {
      const all = [...settings.subscriptions, ...stored];
      compiled = { signature, matcher: deps.compileMatcher(all), subs: new Map(all.map((s) => [s.id, s])) };
      log.debug({ subscriptions: all.length }, 'subscriptions compiled');
    }
    return compiled;
  }

  async function refreshChannels(): Promise<void> {
    const next = new Map<string, ChannelTarget>();
    for (const c of await stores.channels.list()) next.set(c.id, c);
    for (const c of settings.channels) next.set(c.id, c);
    channels = next;
  }

  async function pollOne(feed: RuntimeFeed, matcher: Matcher, subs: Map<string, Subscription>, tickAt?: number,
    ignoreBackoff = false): Promise<void> {
    if (inFlight.has(feed.id) || stopping.signal.aborted) return;
    const leaseKey = `poll:${feed.id}`;
    if (!(await stores.leases.acquire(leaseKey, owner, settings.leaseTtlMs))) return;
    if (tickAt !== undefined && (await polledForTick(feed.id, tickAt))) {
      await stores.leases.release(leaseKey, owner);
      return;
    }
    inFlight.add(feed.id);
    const renew = setInterval(() => {
      stores.leases.renew(leaseKey, owner, settings.leaseTtlMs).catch((err) => outage.failed(err, 'lease renewal') || log.warn({ err, feed: feed.id }, 'lease renewal failed'));
    }, Math.max(1000, settings.leaseTtlMs / 3));
    try {
      metrics.polls++;
      const result = await pollFeed(feed, {
        fetcher, stores, matcher, subscriptions: subs, backfill: settings.backfill,
        seenTtlMs: settings.seenTtlMs, failureThreshold: settings.failureThreshold, clock, log,
        onFeedHealthChange: announceHealth, ignoreBackoff,
      });
      if (result.kind === 'failed') metrics.pollFailures++;
      if (result.kind === 'fetched' && result.alerts > 0) {
        metrics.alertsQueued += result.alerts;
        kickDelivery();
      }
    } catch (err) {
      metrics.pollFailures++;
      if (!outage.failed(err, `poll of ${feed.id}`)) log.error({ err, feed: feed.id }, `poll of feed ${feed.id} failed unexpectedly`);
    } finally {
      clearInterval(renew);
      inFlight.delete(feed.id);
      await holdLeaseUntilNextTick(leaseKey, feed.id);
    }
  }

  /**
   * A tick's pool can reach a feed late, after another instance polled it for this tick and its lease hold
   * ended (half a second before the next tick): a poll that finished from then on serves this tick.
   */
  async function polledForTick(feedId: string, tickAt: number): Promise<boolean> {
    const state = await stores.feedState.get(feedId);
    return Math.max(state?.lastSuccessAt ?? 0, state?.lastErrorAt ?? 0) >= tickAt - TICK_GRACE_MS;
  }

  /** Keeping the lease until just before the next tick stops a second instance re-fetching on the same tick. */
  async function holdLeaseUntilNextTick(leaseKey: string, feedId: string): Promise<void> {
    try {
      const next = scheduler?.nextRun(feedId)?.getTime();
      const hold = next ? Math.min(settings.leaseTtlMs, next - clock.now() - TICK_GRACE_MS) : 0;
      if (hold > 0) await stores.leases.renew(leaseKey, owner, hold);
      else await stores.leases.release(leaseKey, owner);
    } catch (err) {
      if (!outage.failed(err, 'lease release')) log.warn({ err, feed: feedId }, 'lease release failed; it expires on its own');
    }
  }

  async function announceHealth(feed: PollFeedConfig, failing: boolean, state: FeedState, previous?: FeedState): Promise<void> {
    const channel = settings.noticesChannel;
    if (!channel) return;
    const now = clock.now();
    // One id per failing episode (named by the last success before it): a crash between queuing the notice
    // and saving the feed state re-detects the change on the next poll, and the idempotent outbox drops it.
    const id = `notice:${feed.id}:${failing ? 'failing' : 'recovered'}:${previous?.lastSuccessAt ?? 0}`;
    const key = outboxKey(channel, id);
    await stores.outbox.enqueue([{
      key, channel, nonce: deliveryNonce(key), enqueuedAt: now, attempts: 0, nextAttemptAt: now, lastError: null,
      alert: {
        channel, subscriptions: [], feed: feed.id, feedName: feed.name, feedUrl: feed.displayUrl ?? redactUrl(feed.url), id,
        title: failing ? `Feed "${feed.name}" is failing` : `Feed "${feed.name}" recovered`,
        link: null, published: new Date(now).toISOString(), matched: [],
        summary: failing
          ? `${state.consecutiveFailures} consecutive failures. Last error: ${state.lastError ?? 'unknown'}`
          : 'The feed answers again; alerts resume.',
        firstSeenAt: now, kind: 'notice',
      },
    }]);
    kickDelivery();
  }

  /** `tickAt`: the scheduled tick this round serves (scheduler only; a direct call always polls). */
  async function pollFeeds(ids: readonly string[], tickAt?: number, ignoreBackoff = false): Promise<void> {
    try {
      await refreshChannels();
      const { matcher, subs } = await refreshSubscriptions();
      outage.succeeded();
      const feeds = ids.map((id) => feedsById.get(id)).filter((f): f is RuntimeFeed => f !== undefined);
      await runPool(feeds, settings.concurrency, (feed) => pollOne(feed, matcher, subs, tickAt, ignoreBackoff));
    } catch (err) {
      // Store away: this tick is skipped (logged once per outage); the next tick tries again.
      if (!outage.failed(err, 'poll tick')) throw err;
    }
  }

  function deliverNow(): Promise<DeliveryReport> {
    if (delivering) {
      deliverAgain = true;
      return delivering;
    }
    delivering = (async () => {
      let report: DeliveryReport;
      do {
        deliverAgain = false;
        await refreshChannels();
        report = await deliverPending({
          stores, platforms: deps.platforms, channels: () => channels, owner, claimTtlMs: settings.claimTtlMs,
          retryBaseMs: settings.retryBaseMs, retryMaxMs: settings.retryMaxMs, clock, log, signal: stopping.signal,
          onDelivered: (_entry, latency) => { metrics.alertsDelivered++; observeLatency(metrics, latency); }, sendGate,
        });
        metrics.deliveryFailures += report.retried;
      } while (deliverAgain && !stopping.signal.aborted);
      return report;
    })().finally(() => { delivering = null; });
    return delivering;
  }

  function kickDelivery(): void {
    deliverNow().then(() => outage.succeeded(), (err: unknown) => {
      if (!outage.failed(err, 'delivery round')) log.error({ err }, 'delivery round failed; retrying on the next round');
    });
  }

  return {
    metrics,
    channels: () => channels,
    /** True once stop() began (health answers 503 from then on). */
    stopping: () => stopping.signal.aborted,
    /** A reload with new fetch settings: polls from now on use `next`; the caller closes the old one. */
    setFetcher(next: FeedFetcher): void {
      fetcher = next;
    },
    pollFeeds,
    /** `ignoreBackoff`: `run --once` polls every feed, including those backing off after failures. */
    pollAll: (opts: { ignoreBackoff?: boolean } = {}) => pollFeeds([...feedsById.keys()], undefined, opts.ignoreBackoff),
    deliverNow,
    /**
     * Delivers until nothing is due, waiting out retries and claims held by others (another instance, or a
     * process killed mid-post whose claim has not expired yet), up to `deadlineMs` from now.
     */
    async drain(deadlineMs: number): Promise<DeliveryReport> {
      const until = clock.now() + deadlineMs;
      for (;;) {
        const report = await deliverNow();
        if (report.retried === 0 && report.notDue === 0 && report.claimed === 0) return report;
        if (clock.now() >= until || stopping.signal.aborted) return report;
        await sleep(Math.min(250, until - clock.now()), stopping.signal);
      }
    },
    start(): void {
      scheduler = schedulePolls(settings.feeds, (ids) => pollFeeds(ids, clock.now()), log);
      deliveryTimer = setInterval(kickDelivery, 1000);
      kickDelivery();
      // Poll once right away: a restart or a first `npm start` should not wait for the next tick
      // (up to two minutes on the default schedule). Served as a tick that began one lease period ago, so a
      // feed another instance (or our previous run) polled that recently is not fetched again.
      pollFeeds([...feedsById.keys()], clock.now() - settings.leaseTtlMs + TICK_GRACE_MS)
        .catch((err) => log.error({ err }, 'start-up poll failed'));
    },
    /** Stops scheduling and waits for in-flight posts up to the deadline; the rest stays queued. */
    async stop(deadlineMs: number): Promise<void> {
      await scheduler?.stop();
      scheduler = null;
      if (deliveryTimer) clearInterval(deliveryTimer);
      stopping.abort();
      const until = clock.now() + deadlineMs;
      const inflight = delivering ?? Promise.resolve();
      // The deadline timer is cancelled once posts finish: a live timer would hold the process open.
      const deadline = new AbortController();
      await Promise.race([inflight.catch(() => undefined), sleep(deadlineMs, deadline.signal)]);
      deadline.abort();
      // Polls in flight finish within the fetch timeout; wait for them only up to the same deadline.
      while (inFlight.size > 0 && clock.now() < until) await sleep(50);
    },
    /** A valid config edit: feeds, channels and subscriptions apply without a restart. */
    async applySettings(next: RuntimeSettings): Promise<void> {
      settings = next;
      feedsById = new Map(next.feeds.map((f) => [f.id, f]));
      compiled = null;
      if (scheduler) {
        await scheduler.stop();
        scheduler = schedulePolls(settings.feeds, (ids) => pollFeeds(ids, clock.now()), log);
      }
      await refreshChannels();
      kickDelivery();
    },
  };
}
