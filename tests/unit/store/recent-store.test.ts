/**
 * The recent store's keys on each real backend: what a poll leaves behind (trimmed and expired items are
 * deleted, every key carries the TTL) and malformed values, which read as absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, StoreSettings } from '../../../src/store/backend.js';
import { openMemoryBackend } from '../../../src/store/memory/memory-backend.js';
import { indexKey, itemKey } from '../../../src/store/recent-format.js';
import { RECENT_RAW_LIMIT } from '../../../src/core/defaults.js';
import { createRecentStore, RECENT_TEXT_LIMIT } from '../../../src/store/recent-store.js';
import { openRedisBackend } from '../../../src/store/redis/redis-backend.js';
import { openSqliteBackend } from '../../../src/store/sqlite/sqlite-backend.js';
import { FakeClock, makeArticle, uniquePrefix } from './store-fixtures.js';

const REDIS = 'redis://127.0.0.1:6379';
const TTL = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'newsbot-recent-'));
const redisPrefixes: string[] = [];
const backends: Backend[] = [];

afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
  rmSync(dir, { recursive: true, force: true });
  const c = createClient({ url: REDIS });
  await c.connect();
  for (const p of redisPrefixes) {
    for await (const keys of c.scanIterator({ MATCH: `${p}::*`, COUNT: 1000 })) if (keys.length) await c.del(keys);
  }
  await c.close();
});

const kinds: Array<[string, (s: StoreSettings) => Promise<Backend>]> = [
  ['memory://', async (s) => openMemoryBackend(s)],
  ['sqlite://', async (s) => openSqliteBackend(join(dir, `${s.keyPrefix}.sqlite`), s)],
  ['redis://', async (s) => {
    redisPrefixes.push(s.keyPrefix);
    return openRedisBackend(REDIS, s);
  }],
];

describe.each(kinds)('%s recent store keys', (_name, openBackend) => {
  async function setup(maxPerFeed = 3) {
    const clock = new FakeClock();
    const settings: StoreSettings = {
      keyPrefix: uniquePrefix('recent'), clock, seenTtlMs: TTL, recentTtlMs: TTL, recentMaxPerFeed: maxPerFeed,
    };
    const backend = await openBackend(settings);
    backends.push(backend);
    const recent = createRecentStore(backend.kv, backend.sets, { clock, ttlMs: TTL, maxPerFeed });
    return { clock, kv: backend.kv, sets: backend.sets, recent };
  }

  it('deletes the item keys of trimmed and expired articles, and sets the TTL on every key it writes', async () => {
    const { clock, kv, recent } = await setup(3);
    const t = clock.now();
    await recent.add('afp', [makeArticle('afp', 'old', t - 50_000), makeArticle('afp', 'a1', t)]);
    await recent.add('afp', [makeArticle('afp', 'a2', t + 1), makeArticle('afp', 'a3', t + 2)]);
    expect(await kv.get(itemKey('afp', 'old'))).toBeUndefined();
    expect(await kv.get(itemKey('afp', 'a1'))).toBeDefined();
    clock.advance(55_000);
    await recent.add('afp', [makeArticle('afp', 'a4', clock.now())]);
    // Past the cap of 3: a1 is trimmed, a2 and a3 are still in the window.
    expect(await kv.get(itemKey('afp', 'a1'))).toBeUndefined();
    expect(await kv.get(itemKey('afp', 'a2'))).toBeDefined();
    clock.advance(10_000);
    await recent.add('afp', [makeArticle('afp', 'a5', clock.now())]);
    // Expired by the injected clock: deleted at the next add of the feed.
    for (const gone of ['a2', 'a3']) expect(await kv.get(itemKey('afp', gone))).toBeUndefined();
    expect((await recent.listSince(0)).map((a) => a.id)).toEqual(['a5', 'a4']);
    const before = Date.now();
    for (const key of [itemKey('afp', 'a5'), indexKey('afp')]) {
      const raw = await kv.getRaw(key);
      expect(raw?.expires).toBeGreaterThanOrEqual(before + TTL - 5_000);
      expect(raw?.expires).toBeLessThanOrEqual(Date.now() + TTL);
    }
  });

  it('keeps an article written raw as capped markup and reads it back as clean, capped text', async () => {
    const { clock, kv, recent } = await setup(3);
    const t = clock.now();
    const body = `<p>Taliban fighters took the <b>Bagram</b> &amp; Kandahar roads.</p>${'<p>More text here.</p>'.repeat(400)}`;
    await recent.add('afp', [{ ...makeArticle('afp', 'r1', t), title: 'Taliban &amp; <i>Bagram</i>', text: body, raw: true }]);
    const stored = JSON.parse(String(await kv.get(itemKey('afp', 'r1'))));
    expect(stored.raw).toBe(true);
    expect(stored.text).toBe(body.slice(0, RECENT_RAW_LIMIT));
    const [read] = await recent.listSince(0);
    expect(read).toBeDefined();
    expect(read!.raw).toBeUndefined();
    expect(read!.title).toBe('Taliban & Bagram');
    expect(read!.text.startsWith('Taliban fighters took the Bagram & Kandahar roads.')).toBe(true);
    expect(read!.text).not.toContain('<');
    expect(read!.text.length).toBe(RECENT_TEXT_LIMIT);
  });

  it('treats malformed index and item values as absent instead of throwing', async () => {
    const { clock, kv, sets, recent } = await setup(3);
    const t = clock.now();
    await sets.add('recent-feeds', ['afp', 'ap', 'bbc']);
    await kv.set(indexKey('afp'), '{not json', TTL);
    await kv.set(indexKey('ap'), JSON.stringify({ not: 'an array' }), TTL);
    await kv.set(indexKey('bbc'), JSON.stringify([['b1', t], ['b2', 'later'], 7]), TTL);
    await kv.set(itemKey('bbc', 'b1'), '{"id": 1}', TTL);
    expect(await recent.listSince(0)).toEqual([]);
    await recent.add('afp', [makeArticle('afp', 'a1', t)]);
    await recent.add('bbc', [makeArticle('bbc', 'b3', t + 1)]);
    expect((await recent.listSince(0)).map((a) => a.id)).toEqual(['b3', 'a1']);
  });

  it('reads an index out of order or with a repeated id as one ordered copy per id', async () => {
    const { clock, kv, sets, recent } = await setup(3);
    const t = clock.now();
    await sets.add('recent-feeds', ['afp']);
    for (const id of ['a1', 'a2', 'a3']) await kv.set(itemKey('afp', id), JSON.stringify(makeArticle('afp', id, t)), TTL);
    await kv.set(indexKey('afp'), JSON.stringify([['a1', t - 3], ['a3', t - 1], ['a1', t - 3], ['a2', t - 2]]), TTL);
    await recent.add('afp', [makeArticle('afp', 'a4', t)]);
    expect((await recent.listSince(0)).map((a) => a.id)).toEqual(['a4', 'a3', 'a2']);
    expect(await kv.get(itemKey('afp', 'a1'))).toBeUndefined();
  });
});
