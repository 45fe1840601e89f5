/**
 * `redis://HOST:PORT[/DB]`: Keyv values through @keyv/redis, and the atomic parts on the same client.
 * Every key starts with `<keyPrefix>::`, so deployments sharing one Redis stay apart.
 */
import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import type { Logger } from '../../core/ports.js';
import type { Backend, SetIndex, StoreSettings } from '../backend.js';
import { KEYV_JSON } from '../keyv-json.js';
import { RedisLeases } from './redis-leases.js';
import { RedisOutbox } from './redis-outbox.js';
import type { RedisClient } from './redis-scripts.js';

const OPEN_ATTEMPTS = 3;
const MAX_RECONNECT_DELAY_MS = 2000;
const CLOSE_TIMEOUT_MS = 2000;

function createRedisSets(client: RedisClient, prefix: string): SetIndex {
  const key = (name: string) => `${prefix}set:${name}`;
  return {
    async add(name, members) {
      if (members.length > 0) await client.sAdd(key(name), members);
    },
    async remove(name, member) {
      return (await client.sRem(key(name), member)) > 0;
    },
    async members(name) {
      return (await client.sMembers(key(name))).map(String);
    },
  };
}

/** One warning when the connection drops and one when it is back, instead of a line per retry. */
function watchConnection(client: RedisClient, log: Logger | undefined): () => boolean {
  let opened = false;
  let down = false;
  client.on('error', (err: Error) => {
    if (opened && !down) log?.warn({ err: err.message }, 'redis connection lost; store calls fail until it returns');
    if (opened) down = true;
  });
  client.on('ready', () => {
    if (down) log?.info('redis connection restored');
    down = false;
    opened = true;
  });
  return () => opened;
}

/** Connects first, so an unreachable server fails here (openStores turns it into StoreOpenError). */
export async function openRedisBackend(url: string, settings: StoreSettings): Promise<Backend> {
  let isOpened: () => boolean = () => false;
  const client: RedisClient = createClient({
    url,
    // Calls fail at once while disconnected, so the app logs and retries instead of hanging on a queue.
    disableOfflineQueue: true,
    // A PING every 5 s keeps a healthy idle socket active; a server that stops answering (host gone without a
    // reset) then leaves the socket silent, and after 20 s it is dropped and reconnected instead of hanging.
    pingInterval: 5000,
    socket: {
      connectTimeout: 5000,
      socketTimeout: 20_000,
      reconnectStrategy: (retries: number) =>
        isOpened() ? Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : retries + 1 >= OPEN_ATTEMPTS ? false : 200,
    },
  });
  isOpened = watchConnection(client, settings.log);
  try {
    await client.connect();
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw err;
  }
  const prefix = `${settings.keyPrefix}::`;
  const adapter = new KeyvRedis(client, { namespace: settings.keyPrefix, throwOnErrors: true, throwOnConnectError: true });
  adapter.on('error', () => {
    // Logged once by watchConnection; the failing call itself throws to its caller.
  });
  const kv = new Keyv(adapter, { namespace: settings.keyPrefix, useKeyPrefix: false, throwOnErrors: true, ...KEYV_JSON });
  kv.on('error', () => {});
  return {
    kv,
    sets: createRedisSets(client, prefix),
    outbox: new RedisOutbox(client, prefix, settings.seenTtlMs, settings.clock),
    leases: new RedisLeases(client, prefix),
    async close() {
      if (!client.isOpen) return;
      // close() waits for replies still due; a stalled server must not hold up a shutdown deadline.
      const timer = new Promise<'late'>((r) => setTimeout(r, CLOSE_TIMEOUT_MS, 'late').unref());
      const closed = client.close().then(() => 'closed' as const, () => 'failed' as const);
      if ((await Promise.race([closed, timer])) === 'closed') return;
      try {
        client.destroy();
      } catch {
        // Already torn down by the failed close.
      }
    },
  };
}
