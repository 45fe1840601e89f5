/** Redis-only behaviour: open errors, server-side TTLs, DB index, and an outage of a private server. */
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger, Stores } from '../../../src/core/ports.js';
import { openStores, StoreOpenError } from '../../../src/store/open-stores.js';
import { freePort, PrivateRedis } from './private-redis.js';
import { FakeClock, makeEntry, makeRecord, sleep, uniquePrefix } from './store-fixtures.js';

const clock = new FakeClock();
const prefixes: string[] = [];
const opened: Stores[] = [];

async function open(url: string, extra: { seenTtlMs?: number; log?: Logger } = {}): Promise<{ s: Stores; p: string }> {
  const p = uniquePrefix('redis-x');
  prefixes.push(p);
  const s = await openStores(url, { keyPrefix: p, clock, ...extra });
  opened.push(s);
  return { s, p };
}

function connectTo(db: number) {
  return createClient({ url: `redis://127.0.0.1:6379/${db}` });
}

async function withClient<T>(db: number, fn: (c: ReturnType<typeof connectTo>) => Promise<T>): Promise<T> {
  const c = connectTo(db);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  for (const db of [0, 3]) {
    await withClient(db, async (c) => {
      for (const p of prefixes) {
        for await (const keys of c.scanIterator({ MATCH: `${p}::*` })) if (keys.length) await c.del(keys);
      }
    });
  }
});

describe('redis:// open errors', () => {
  it('throws StoreOpenError without credentials for a closed port', async () => {
    const port = await freePort();
    const err = await openStores(`redis://newsbot:s3cret@127.0.0.1:${port}/2`, { clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    const e = err as StoreOpenError;
    expect(e.url).toBe(`redis://127.0.0.1:${port}/2`);
    expect(e.message).not.toContain('s3cret');
    expect(e.message).toContain('ECONNREFUSED');
  });
});

describe('redis:// keys and TTLs', () => {
  it('gives seen items, completed deliveries and claims a server-side PX', async () => {
    const ttl = 3_600_000;
    const { s, p } = await open('redis://127.0.0.1:6379', { seenTtlMs: ttl });
    await s.seen.markSeen('desk', ['i1']);
    const e = makeEntry('desk', 'i2');
    await s.outbox.enqueue([e, makeEntry('desk', 'i3')]);
    await s.outbox.complete(e, makeRecord(e));
    expect(await s.outbox.claim(makeEntry('desk', 'i3').key, 'A', 20_000)).toBe(true);
    await s.leases.acquire('poll:afp', 'A', 10_000);
    await withClient(0, async (c) => {
      const seenTtl = await c.pTTL(`${p}::seen:desk:i1`);
      expect(seenTtl).toBeGreaterThan(ttl - 60_000);
      expect(seenTtl).toBeLessThanOrEqual(ttl);
      expect(await c.pTTL(`${p}::outbox:done:desk\u0000i2`)).toBeGreaterThan(ttl - 60_000);
      const claimTtl = await c.pTTL(`${p}::outbox:claim:desk\u0000i3`);
      expect(claimTtl).toBeGreaterThan(15_000);
      expect(claimTtl).toBeLessThanOrEqual(20_000);
      expect(await c.get(`${p}::lease:poll:afp`)).toBe('A');
      expect(await c.pTTL(`${p}::lease:poll:afp`)).toBeLessThanOrEqual(10_000);
    });
  });

  it('uses the DB index of the URL', async () => {
    const { s, p } = await open('redis://127.0.0.1:6379/3');
    await s.channelState.set('desk', { disabledReason: 'gone', disabledAt: 1 });
    expect(await withClient(3, (c) => c.exists(`${p}::channel-state:desk`))).toBe(1);
    expect(await withClient(0, (c) => c.exists(`${p}::channel-state:desk`))).toBe(0);
  });
});

describe('redis:// outage of a private server', () => {
  it('fails calls fast while Redis is down and works again when it returns, without reopening', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    const lines: string[] = [];
    const record = (level: string) => (o: object | string, msg?: string) => lines.push(`${level} ${msg ?? o}`);
    const log: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    try {
      const { s } = await open(redis.url, { log });
      await s.subscriptions.add({ id: 's1', channel: 'desk', query: 'Taliban', source: 'command', createdAt: 1 });
      await redis.stop();
      await sleep(100);
      const started = Date.now();
      await expect(s.seen.seen('desk', ['i1'])).rejects.toThrow();
      await expect(s.outbox.claim('desk\u0000i1', 'A', 1000)).rejects.toThrow();
      await expect(s.leases.acquire('poll:afp', 'A', 1000)).rejects.toThrow();
      await expect(s.feedState.get('afp')).rejects.toThrow();
      await expect(s.channelState.set('desk', { disabledReason: null, disabledAt: null })).rejects.toThrow();
      await expect(s.subscriptions.list()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(lines.filter((l) => l.includes('redis connection lost'))).toHaveLength(1);

      await redis.start();
      let ok = false;
      for (let i = 0; i < 50 && !ok; i++) {
        await sleep(200);
        ok = await s.leases.acquire('poll:afp', 'A', 1000).catch(() => false);
      }
      expect(ok).toBe(true);
      // The private server keeps nothing across a restart (--save ""): what matters is that calls work again.
      await s.seen.markSeen('desk', ['i1']);
      expect(await s.seen.seen('desk', ['i1'])).toEqual(new Set(['i1']));
      expect(lines).toContain('info redis connection restored');
      // The restarted server has an empty script cache: the Lua calls must reload their scripts.
      const e = makeEntry('desk', 'i9');
      await s.outbox.enqueue([e]);
      expect(await s.outbox.claim(e.key, 'A', 1000)).toBe(true);
      expect(await s.leases.renew('poll:afp', 'A', 1000)).toBe(true);
    } finally {
      await redis.stop();
    }
  });
});

describe('redis:// stalled server', () => {
  it('closes within its deadline while a call waits on a server that answers nothing', async () => {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    try {
      const { s } = await open(redis.url);
      redis.signal('SIGSTOP');
      const stuck = s.seen.seen('desk', ['i1']).then(() => 'answered', () => 'rejected');
      await sleep(100);
      const started = Date.now();
      await s.close();
      expect(Date.now() - started).toBeLessThan(3500);
      expect(await stuck).toBe('rejected');
    } finally {
      redis.signal('SIGCONT');
      await redis.stop();
    }
  });
});
