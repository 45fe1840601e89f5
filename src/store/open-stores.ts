/** Opens every store the bot needs from one URL: memory://, sqlite://PATH or redis://HOST:PORT[/DB]. */
import { resolve } from 'node:path';
import { STORE_DEFAULTS } from '../core/defaults.js';
import type { Clock, Logger, Stores } from '../core/ports.js';
import { chunk, type Backend, type StoreSettings } from './backend.js';
import { createChannelStateStore, createChannelStore, createSnoozeStore, createSubscriptionStore } from './directory-stores.js';
import { createFeedItemStore, createFeedStateStore, feedItemsEntry, feedStateEntry } from './feed-stores.js';
import { openMemoryBackend } from './memory/memory-backend.js';
import { createRecentStore, KEY_CHUNK } from './recent-store.js';
import { createSeenStore } from './seen-store.js';
import { createStoryStore } from './story-store.js';
import { StoreOpenError } from './store-open-error.js';

export { StoreOpenError } from './store-open-error.js';

export interface OpenStoresOptions {
  /** Separates deployments sharing one Redis (keys `<keyPrefix>::…`); default "newsbot". */
  keyPrefix?: string;
  clock: Clock;
  /** How long a delivered item stays seen after it was last marked (default 30 days). */
  seenTtlMs?: number;
  /** How long recent articles are kept for preview (default 7 days). */
  recentTtlMs?: number;
  /** Recent articles kept per feed (default 500). */
  recentMaxPerFeed?: number;
  log?: Logger;
}

/** The file path of a `sqlite://` URL, relative to the working directory (`sqlite:///abs` is absolute). */
export function sqlitePathOf(url: string): string {
  const rest = decodeURIComponent(url.slice('sqlite://'.length).split(/[?#]/)[0] ?? '');
  if (rest === '') throw new Error('sqlite:// needs a file path, e.g. sqlite://data/newsbot.sqlite');
  return rest === ':memory:' ? rest : resolve(rest);
}

async function openBackend(url: string, settings: StoreSettings): Promise<Backend> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'memory':
      return openMemoryBackend(settings);
    // Loaded on demand: the Redis client alone took ≈ 60 ms of every SQLite start-up (and its memory).
    case 'sqlite':
      return (await import('./sqlite/sqlite-backend.js')).openSqliteBackend(sqlitePathOf(url), settings);
    case 'redis':
    case 'rediss':
      return (await import('./redis/redis-backend.js')).openRedisBackend(url, settings);
    default:
      throw new Error('unknown store scheme: use memory://, sqlite://PATH or redis://HOST:PORT[/DB]');
  }
}

/** Throws StoreOpenError (URL without credentials, cause attached) when the store cannot be opened. */
export async function openStores(url: string, opts: OpenStoresOptions): Promise<Stores> {
  const settings: StoreSettings = {
    keyPrefix: opts.keyPrefix ?? STORE_DEFAULTS.keyPrefix,
    clock: opts.clock,
    seenTtlMs: opts.seenTtlMs ?? STORE_DEFAULTS.seenTtlMs,
    recentTtlMs: opts.recentTtlMs ?? STORE_DEFAULTS.recentTtlMs,
    recentMaxPerFeed: opts.recentMaxPerFeed ?? STORE_DEFAULTS.recentMaxPerFeed,
    log: opts.log,
  };
  let backend: Backend;
  try {
    backend = await openBackend(url, settings);
  } catch (err) {
    throw new StoreOpenError(url, err instanceof Error ? err.message : String(err), err);
  }
  const { kv, sets } = backend;
  const stories = createStoryStore(kv);
  const recent = createRecentStore(kv, sets, {
    clock: settings.clock,
    ttlMs: settings.recentTtlMs,
    maxPerFeed: settings.recentMaxPerFeed,
  });
  return {
    feedState: createFeedStateStore(kv),
    feedItems: createFeedItemStore(kv),
    recent,
    seen: createSeenStore(kv, settings.clock, settings.seenTtlMs),
    subscriptions: createSubscriptionStore(kv, sets),
    channels: createChannelStore(kv, sets),
    channelState: createChannelStateStore(kv),
    snoozes: createSnoozeStore(kv, settings.clock),
    stories,
    outbox: backend.outbox,
    leases: backend.leases,
    async savePoll(feedId, poll) {
      const write = await recent.planAdd(feedId, poll.recent);
      // The feed's own values after the articles' index, in the last chunk: a window of more than 500 new articles
      // takes several commits, and one cut short between them leaves the item index unsaved, so the items are read again.
      const entries = [...(write?.entries ?? []), feedItemsEntry(feedId, poll.index), feedStateEntry(feedId, poll.state)];
      for (const part of chunk(entries, KEY_CHUNK)) await kv.setMany(part);
      if (write) await recent.settleAdd(write);
    },
    async close() {
      // Story clusters are written behind by up to a second; what is still in memory goes out first.
      await stories.flush().catch((err: unknown) => settings.log?.warn({ err: String(err) }, 'store: story clusters not written at close'));
      await backend.close();
    },
  };
}
