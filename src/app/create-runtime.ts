import type { ChannelTarget, Subscription } from '../core/model.js';
import type { Clock, Logger, Platform, Stores } from '../core/ports.js';
import type { Matcher } from '../core/matcher/compile-matcher.js';
import type { FeedFetcher } from '../feeds/create-fetcher.js';
import { createDeliveryLoop, type DeliverySettings } from './delivery-loop.js';
import type { DeliveryReport } from './deliver-pending.js';
import { createFeedNotices } from './feed-notices.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createPollScheduler, type PollSettings, type RuntimeFeed } from './poll-scheduler.js';
import type { ReadPool } from './read-pool.js';
import { trackStoreOutage } from './store-outage.js';

/** Everything the runtime takes from the config, already defaulted and in milliseconds (settingsFromConfig). */
export interface RuntimeSettings extends PollSettings, DeliverySettings {
  feeds: RuntimeFeed[];
  channels: ChannelTarget[];
  subscriptions: Subscription[];
  noticesChannel: string | null;
  /** `personalAlerts`: /alerts me subscribe is allowed. */
  personalAlerts?: boolean;
}

export interface RuntimeDeps {
  settings: RuntimeSettings;
  stores: Stores;
  fetcher: FeedFetcher;
  platforms: ReadonlyMap<string, Platform>;
  compileMatcher: (subs: ReadonlyArray<{ id: string; query: string }>) => Matcher;
  /** Worker threads for parsing, extraction and matching (config `workers`); absent: inline. The caller closes it. */
  readPool?: ReadPool;
  clock: Clock;
  log: Logger;
  /** Identifies this process in leases and claims. */
  owner: string;
  metrics?: Metrics;
}

export interface Runtime {
  metrics: Metrics;
  /** True once stop() began (health answers 503 from then on). */
  stopping(): boolean;
  /** A reload with new fetch settings: polls from now on use `next`; the caller closes the old one. */
  setFetcher(next: FeedFetcher): void;
  /** `tickAt`: the scheduled tick this round serves (scheduler only; a direct call always polls). */
  pollFeeds(ids: readonly string[], tickAt?: number, ignoreBackoff?: boolean): Promise<void>;
  /** `ignoreBackoff`: `run --once` polls every feed, including those backing off after failures. */
  pollAll(opts?: { ignoreBackoff?: boolean }): Promise<void>;
  deliverNow(): Promise<DeliveryReport>;
  /** Delivers until nothing is due (retries and others' claims waited out), up to `deadlineMs` from now. */
  drain(deadlineMs: number): Promise<DeliveryReport>;
  /** Schedules polls, delivers every second, and polls once right away. */
  start(): void;
  /** Stops scheduling and waits for in-flight posts and polls up to the deadline; the rest stays queued. */
  stop(deadlineMs: number): Promise<void>;
  /** A valid config edit: feeds, channels and subscriptions apply without a restart. */
  applySettings(next: RuntimeSettings): Promise<void>;
}

/**
 * Composes the three parts: the poll scheduler (feeds → outbox), the delivery loop (outbox → platforms) and
 * feed notices (health changes → outbox). Shared between them: the metrics, one store-outage tracker (an outage
 * is one outage for polls and deliveries) and the shutdown signal.
 */
export function createRuntime(deps: RuntimeDeps): Runtime {
  const { stores, clock, log, owner, settings } = deps;
  const metrics = deps.metrics ?? createMetrics();
  const stopping = new AbortController();
  const outage = trackStoreOutage(log, clock);
  const delivery = createDeliveryLoop({
    settings, stores, platforms: deps.platforms, owner, clock, log, metrics, outage, signal: stopping.signal,
  });
  const notices = createFeedNotices({ channel: settings.noticesChannel, stores, clock, onQueued: delivery.kick });
  const polls = createPollScheduler({
    settings, stores, fetcher: deps.fetcher, compileMatcher: deps.compileMatcher, ...(deps.readPool ? { readPool: deps.readPool } : {}), clock, log, owner, metrics, outage,
    signal: stopping.signal, onAlertsQueued: delivery.kick, onFeedHealthChange: notices.announce,
  });

  return {
    metrics,
    stopping: () => stopping.signal.aborted,
    setFetcher: polls.setFetcher,
    pollFeeds: polls.pollFeeds,
    pollAll: polls.pollAll,
    deliverNow: delivery.deliverNow,
    drain: delivery.drain,
    start() {
      delivery.start();
      void polls.start();
    },
    async stop(deadlineMs) {
      await polls.stop();
      stopping.abort();
      const until = clock.now() + deadlineMs;
      await delivery.stop(deadlineMs);
      await polls.settle(until - clock.now());
    },
    async applySettings(next) {
      notices.apply(next.noticesChannel);
      await polls.apply(next);
      await delivery.apply(next);
    },
  };
}
