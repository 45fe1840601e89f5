import { randomUUID } from 'node:crypto';
import type { ChannelTarget } from '../core/model.js';
import type { Clock, CommandService, LeaseStore, Logger, Platform, StoredArticle, Stores } from '../core/ports.js';
import { compileMatcher } from '../core/matcher/compile-matcher.js';
import { prepareArticle } from '../core/matcher/prepare-article.js';
import { formatQuery, parseQuery } from '../core/query/parse-query.js';
import type { AppConfig } from '../config/schema.js';
import type { PlatformEnv } from '../config/read-platform-env.js';
import { diffConfig } from '../config/diff-config.js';
import { createFetcher } from '../feeds/create-fetcher.js';
import { openStores } from '../store/open-stores.js';
import { createCommandService } from '../commands/create-command-service.js';
import { createConsolePlatform } from '../platforms/console/create-console-platform.js';
import { createRuntime, type Runtime } from './create-runtime.js';
import { reenableChannels } from './deliver-pending.js';
import { feedChoicesOf, settingsFromConfig } from './settings-from-config.js';
import { createAlertJournal, type AlertJournal } from './status-page/alert-journal.js';
import { sleep } from './system-clock.js';

export interface AppDeps {
  config: AppConfig;
  platformEnv: PlatformEnv;
  clock: Clock;
  log: Logger;
  stdout: NodeJS.WritableStream;
}

export interface App {
  runtime: Runtime;
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
  const platforms = await createPlatforms(config, deps, { leases: stores.leases, owner });
  // Derived once per applied config and handed out: commands and autocomplete read it on every keystroke.
  let settings = settingsFromConfig(config);
  let feedChoices = feedChoicesOf(settings);
  const runtime = createRuntime({
    settings, stores, fetcher, platforms, clock, log,
    owner,
    compileMatcher: (subs) => compileMatcher(subs),
  });
  const commands = createCommandService({
    subscriptions: stores.subscriptions, channels: stores.channels, recent: stores.recent,
    configSubscriptions: () => settings.subscriptions,
    configChannels: () => settings.channels,
    feeds: () => feedChoices,
    parseQuery, formatQuery: (parsed) => formatQuery(parsed as ReturnType<typeof parseQuery>),
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
    runtime, stores, platforms, journal,
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
        Promise.allSettled([...[...platforms.values()].map((p) => p.stop()), fetcher.close()]),
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
 * Console always; Discord and Slack when their credentials are in the environment. Their libraries load only
 * then (discord.js and Bolt cost about a second each at start-up).
 */
async function createPlatforms(config: AppConfig, deps: AppDeps, lease: { leases: LeaseStore; owner: string }): Promise<Map<string, Platform>> {
  const { platformEnv: env, log, clock } = deps;
  const platforms = new Map<string, Platform>([['console', createConsolePlatform(deps.stdout)]]);
  if (env.discord) {
    const { createDiscordPlatform } = await import('../platforms/discord/create-discord-platform.js');
    platforms.set('discord', createDiscordPlatform({
      token: env.discord.token, appId: env.discord.appId, guildId: env.discord.guildId, apiUrl: env.discord.apiUrl,
      permissions: config.permissions.discord, log, clock,
      gatewayLease: { ...lease, ttlMs: config.scaleOut.leaseTtl },
      colors: Object.fromEntries(config.feeds.filter((f) => f.color !== undefined).map((f) => [f.id, f.color as number])),
    }));
  }
  if (env.slack) {
    const { createSlackPlatform } = await import('../platforms/slack/create-slack-platform.js');
    platforms.set('slack', createSlackPlatform({
      botToken: env.slack.botToken, appToken: env.slack.appToken, signingSecret: env.slack.signingSecret,
      port: env.slack.port, apiUrl: env.slack.apiUrl, permissions: config.permissions.slack, log, clock,
    }));
  }
  for (const name of ['discord', 'slack'] as const) {
    const needed = config.channels.some((c: ChannelTarget | AppConfig['channels'][number]) => c.platform === name);
    if (needed && !platforms.has(name)) {
      const reason = env.missing.find((m) => m.startsWith(name)) ?? `${name}: credentials not set`;
      log.warn({ platform: name }, `${reason}; ${name} channels are disabled and their alerts wait until it is configured`);
    }
  }
  return platforms;
}

function filterMatching(query: string, articles: StoredArticle[]): StoredArticle[] {
  const matcher = compileMatcher([{ id: 'q', query }]);
  return articles.filter((a) => matcher.match(prepareArticle(a.title, a.text)).length > 0);
}

