import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { AnyPlatformDescriptor, TextSink } from '../core/platform-descriptor.js';
import type { Clock, LeaseStore, Logger, Platform, StoredArticle, Stores } from '../core/ports.js';
import { compileMatcher } from '../core/matcher/compile-matcher.js';
import { prepareArticle } from '../core/matcher/prepare-article.js';
import type { AppConfig } from '../config/schema.js';
import type { PlatformEnv } from '../config/read-platform-env.js';
import { diffConfig } from '../config/diff-config.js';
import { createFetcher } from '../feeds/create-fetcher.js';
import { openStores } from '../store/open-stores.js';
import { createCommandService } from '../commands/create-command-service.js';
import { createRuntime, type Runtime } from './create-runtime.js';
import { createReadPool, type ReadPool } from './read-pool.js';
import { reenableChannels } from './deliver-pending.js';
import { commandHelpOf, defaultPlatforms } from './platforms.js';
import { feedChoicesOf, settingsFromConfig } from './settings-from-config.js';
import { createAlertJournal, type AlertJournal } from './status-page/alert-journal.js';
import { sleep } from './system-clock.js';

export interface AppDeps {
  /** Validated with the same platform list (registered-config.ts). */
  config: AppConfig;
  /** readPlatformEnv over the same list: a platform without an entry there is disabled. */
  platformEnv: PlatformEnv;
  /** The platforms to wire; default the registered ones (platforms.ts). */
  platforms?: readonly AnyPlatformDescriptor[];
  clock: Clock;
  log: Logger;
  stdout: TextSink;
}

export interface App {
  runtime: Runtime;
  /** The worker threads that read feed bodies (config `workers`); null when they are read inline (`workers: 0`). */
  readPool: ReadPool | null;
  stores: Stores;
  platforms: Map<string, Platform>;
  /** This process's recent alerts and delivery latencies, for the status page. */
  journal: AlertJournal;
  /** The config in effect (the last one applied). */
  config(): AppConfig;
  /** Applies a new, already validated config without a restart. */
  reload(config: AppConfig): Promise<void>;
  close(): Promise<void>;
}

/** The composition root: the only place that picks concrete stores, fetcher and platforms. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { clock, log } = deps;
  let config = deps.config;
  const opened = await openStores(config.store, {
    keyPrefix: config.scaleOut.keyPrefix, clock, seenTtlMs: config.seenTtl, recentTtlMs: config.recentTtl, log,
  });
  // The status page's record of recent alerts watches the outbox every part of the app uses.
  const journal = createAlertJournal(clock);
  const stores: Stores = { ...opened, outbox: journal.observe(opened.outbox) };
  // Identifies this process in feed leases, outbox claims and the Discord gateway lease.
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let fetcher = fetcherFor(config, clock);
  const descriptors = deps.platforms ?? defaultPlatforms;
  const platforms = await createPlatforms(descriptors, config, deps, { leases: stores.leases, owner }).catch(async (err: unknown) => {
    await fetcher.close();
    await stores.close();
    throw err;
  });
  // Derived once per applied config and handed out: commands and autocomplete read it on every keystroke.
  let settings = settingsFromConfig(config);
  let feedChoices = feedChoicesOf(settings);
  // Threads start with the first poll's subscriptions; a change of `workers` applies on a restart.
  const workers = config.workers ?? availableParallelism();
  const readPool = workers > 0 ? createReadPool({ size: workers, log }) : null;
  const runtime = createRuntime({
    settings, stores, fetcher, platforms, clock, log,
    owner,
    compileMatcher: (subs) => compileMatcher(subs),
    ...(readPool ? { readPool } : {}),
  });
  const commands = createCommandService({
    subscriptions: stores.subscriptions, channels: stores.channels, recent: stores.recent, snoozes: stores.snoozes,
    configSubscriptions: () => settings.subscriptions,
    configChannels: () => settings.channels,
    personalAlerts: () => settings.personalAlerts !== false,
    feeds: () => feedChoices,
    commandHelp: commandHelpOf(descriptors),
    countMatches: filterMatching, clock, log,
  });
  await reenableChannels(stores, config.channels.map((c) => c.id));
  const started: Platform[] = [];
  try {
    for (const platform of platforms.values()) {
      await platform.start(commands);
      started.push(platform);
    }
  } catch (err) {
    await Promise.allSettled(started.map((p) => p.stop()));
    await fetcher.close();
    await stores.close();
    throw err;
  }
  return {
    runtime, readPool, stores, platforms, journal,
    config: () => config,
    async reload(next) {
      const diff = diffConfig(config, next);
      // Even an unchanged file re-enables refused channels: the admin may have fixed the permission meanwhile.
      await reenableChannels(stores, next.channels.map((c) => c.id));
      if (!diff.changed) {
        log.info('config re-read: nothing changed');
        runtime.deliverNow().catch(() => undefined);
        return;
      }
      const needRestart = [...diff.restartRequired, ...(diff.permissionsChanged ? ['permissions'] : []),
        ...(colorsOf(config) !== colorsOf(next) ? ['feeds[].color'] : []),
        ...(config.seenTtl !== next.seenTtl ? ['seenTtl'] : []), ...(config.recentTtl !== next.recentTtl ? ['recentTtl'] : [])];
      const previous = config;
      config = next;
      if (diff.fetchChanged) {
        const old = fetcher;
        fetcher = fetcherFor(next, clock);
        runtime.setFetcher(fetcher);
        // Polls already running keep the old one; close it once they are done.
        setTimeout(() => void old.close().catch(() => undefined), previous.fetch.timeout + 1000).unref();
      }
      if (diff.logLevelChanged && 'level' in log) (log as { level: string }).level = next.log.level;
      settings = settingsFromConfig(next);
      feedChoices = feedChoicesOf(settings);
      await runtime.applySettings(settings);
      log.info({
        feeds: next.feeds.length, subscriptions: next.subscriptions.length, feedsAdded: diff.feedsAdded.map((f) => f.id),
        feedsRemoved: diff.feedsRemoved, feedsChanged: diff.feedsChanged.map((f) => f.id),
      }, 'config reloaded');
      if (needRestart.length) log.warn({ keys: needRestart }, `changes to ${needRestart.join(', ')} take effect after a restart`);
    },
    async close() {
      // Bounded: a platform or a fetch that hangs must not keep the store open or the process alive.
      const timeout = new AbortController();
      await Promise.race([
        Promise.allSettled([...[...platforms.values()].map((p) => p.stop()), fetcher.close(), readPool?.close()]),
        sleep(CLOSE_TIMEOUT_MS, timeout.signal),
      ]);
      timeout.abort();
      await stores.close();
    },
  };
}

const CLOSE_TIMEOUT_MS = 3000;

function colorsOf(config: AppConfig): string {
  return JSON.stringify(config.feeds.filter((f) => f.color !== undefined).map((f) => [f.id, f.color]));
}

function fetcherFor(config: AppConfig, clock: Clock) {
  return createFetcher({
    clock, timeoutMs: config.fetch.timeout, maxBytes: config.fetch.maxBytes, maxRedirects: config.fetch.maxRedirects,
    userAgent: config.fetch.userAgent, itemCap: config.fetch.itemCap, allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    allowHosts: config.fetch.allowHosts,
    perHostConcurrency: config.fetch.perHostConcurrency,
  });
}

/**
 * Every registered platform whose environment is complete. Discord and Slack load their libraries only then
 * (discord.js and Bolt cost about a second each at start-up); one without credentials is skipped with one
 * warning when a channel needs it.
 */
async function createPlatforms(descriptors: readonly AnyPlatformDescriptor[], config: AppConfig, deps: AppDeps,
  lease: { leases: LeaseStore; owner: string }): Promise<Map<string, Platform>> {
  const { platformEnv, log, clock } = deps;
  const feeds = config.feeds.map((f) => ({ id: f.id, name: f.name ?? f.id, ...(f.color !== undefined && { color: f.color }) }));
  const platforms = new Map<string, Platform>();
  for (const descriptor of descriptors) {
    const { name } = descriptor;
    if (!Object.hasOwn(platformEnv.env, name)) {
      if (config.channels.some((c) => c.platform === name)) {
        const reason = platformEnv.missing.find((m) => m.startsWith(`${name}:`)) ?? `${name}: credentials not set`;
        log.warn({ platform: name }, `${reason}; ${name} channels are disabled and their alerts wait until it is configured`);
      }
      continue;
    }
    const platform = await descriptor.create({
      env: platformEnv.env[name], permissions: config.permissions[name], feeds, log, clock, stdout: deps.stdout,
      scaleOut: { leases: lease.leases, owner: lease.owner, leaseTtlMs: config.scaleOut.leaseTtl },
      network: { allowPrivateNetworks: config.fetch.allowPrivateNetworks, allowHosts: config.fetch.allowHosts },
    });
    if (platform.name !== name) throw new Error(`platform descriptor "${name}" built a platform named "${platform.name}"`);
    platforms.set(name, platform);
  }
  return platforms;
}

function filterMatching(query: string, articles: StoredArticle[]): StoredArticle[] {
  const matcher = compileMatcher([{ id: 'q', query }]);
  return articles.filter((a) => matcher.match(prepareArticle(a.title, a.text)).length > 0);
}

