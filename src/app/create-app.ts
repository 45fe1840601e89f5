import { randomUUID } from 'node:crypto';
import type { ChannelTarget } from '../core/model.js';
import type { Clock, CommandService, Logger, Platform, StoredArticle, Stores } from '../core/ports.js';
import { compileMatcher } from '../core/matcher/compile-matcher.js';
import { prepareArticle } from '../core/matcher/prepare-article.js';
import { formatQuery, parseQuery } from '../core/query/parse-query.js';
import type { AppConfig } from '../config/schema.js';
import type { PlatformEnv } from '../config/read-platform-env.js';
import { createFetcher } from '../feeds/create-fetcher.js';
import { openStores } from '../store/open-stores.js';
import { createCommandService } from '../commands/create-command-service.js';
import { createConsolePlatform } from '../platforms/console/create-console-platform.js';
import { createDiscordPlatform } from '../platforms/discord/create-discord-platform.js';
import { createSlackPlatform } from '../platforms/slack/create-slack-platform.js';
import { createRuntime, type Runtime } from './create-runtime.js';
import { reenableChannels } from './deliver-pending.js';
import { settingsFromConfig } from './settings-from-config.js';

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
  /** Applies a new, already validated config without a restart. */
  reload(config: AppConfig): Promise<void>;
  close(): Promise<void>;
}

/** The composition root: the only place that picks concrete stores, fetcher and platforms. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { clock, log } = deps;
  let config = deps.config;
  const stores = await openStores(config.store, {
    keyPrefix: config.scaleOut.keyPrefix, clock, seenTtlMs: config.seenTtl, recentTtlMs: config.recentTtl, log,
  });
  const fetcher = createFetcher({
    clock, timeoutMs: config.fetch.timeout, maxBytes: config.fetch.maxBytes, maxRedirects: config.fetch.maxRedirects,
    userAgent: config.fetch.userAgent, itemCap: config.fetch.itemCap, allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    allowHosts: config.fetch.allowHosts, concurrency: config.fetch.concurrency,
    perHostConcurrency: config.fetch.perHostConcurrency,
  });
  const platforms = createPlatforms(config, deps);
  const runtime = createRuntime({
    settings: settingsFromConfig(config), stores, fetcher, platforms, clock, log,
    owner: `${process.pid}-${randomUUID().slice(0, 8)}`,
    compileMatcher: (subs) => compileMatcher(subs),
  });
  const commands = createCommandService({
    subscriptions: stores.subscriptions, channels: stores.channels, recent: stores.recent,
    configSubscriptions: () => settingsFromConfig(config).subscriptions,
    configChannels: () => settingsFromConfig(config).channels,
    feeds: () => config.feeds.map((f) => ({ id: f.id, name: f.name ?? f.id })),
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
    runtime, stores, platforms,
    async reload(next) {
      config = next;
      await runtime.applySettings(settingsFromConfig(next));
      await reenableChannels(stores, next.channels.map((c) => c.id));
    },
    async close() {
      await Promise.allSettled([...platforms.values()].map((p) => p.stop()));
      await fetcher.close();
      await stores.close();
    },
  };
}

/** Console always; Discord and Slack when their credentials are in the environment. */
function createPlatforms(config: AppConfig, deps: AppDeps): Map<string, Platform> {
  const { platformEnv: env, log, clock } = deps;
  const platforms = new Map<string, Platform>([['console', createConsolePlatform(deps.stdout)]]);
  if (env.discord) {
    platforms.set('discord', createDiscordPlatform({
      token: env.discord.token, appId: env.discord.appId, guildId: env.discord.guildId, apiUrl: env.discord.apiUrl,
      permissions: config.permissions.discord, log, clock,
      colors: Object.fromEntries(config.feeds.filter((f) => f.color !== undefined).map((f) => [f.id, f.color as number])),
    }));
  }
  if (env.slack) {
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

