/**
 * One behavioural suite every backend must pass (memory, SQLite file, Redis). Backend-specific checks
 * (file layout, Redis TTLs, outages) live in each backend's own test file.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openStores, type OpenStoresOptions } from '../../../src/store/open-stores.js';
import { RECENT_TEXT_LIMIT } from '../../../src/store/recent-store.js';
import type { Stores } from '../../../src/core/ports.js';
import { defineOutboxContract } from './outbox-contract.js';
import { defineOutboxBatchContract } from './outbox-batch-contract.js';
import { defineStoryStoreContract } from './story-store-contract.js';
import { FakeClock, makeArticle, sleep } from './store-fixtures.js';

export interface BackendHarness {
  name: string;
  /** Claims and leases expire by the server's clock (Redis PX), not the injected one. */
  serverTimeLeases: boolean;
  /** Data survives close() and a new openStores() on the same location. */
  persistent: boolean;
  /** A new, empty location; every open of it sees the same data (except memory://). */
  newLocation(): { url: string; keyPrefix: string };
  cleanup(): Promise<void>;
}

export interface StoreTestContext {
  harness: BackendHarness;
  clock: FakeClock;
  open(opts?: Partial<OpenStoresOptions>): Promise<Stores>;
  /** Opens the same location again (a second instance, or a restart after close). */
  reopen(opts?: Partial<OpenStoresOptions>): Promise<Stores>;
  /** Lets `ms` pass on the injected clock and, for server-time leases, on the wall clock too. */
  pass(ms: number): Promise<void>;
}

export function defineStoreContract(harness: BackendHarness): void {
  const opened: Stores[] = [];
  let location = harness.newLocation();
  const clock = new FakeClock();
  const ctx: StoreTestContext = {
    harness,
    clock,
    async open(opts) {
      location = harness.newLocation();
      return ctx.reopen(opts);
    },
    async reopen(opts) {
      const s = await openStores(location.url, { keyPrefix: location.keyPrefix, clock, ...opts });
      opened.push(s);
      return s;
    },
    async pass(ms) {
      clock.advance(ms);
      if (harness.serverTimeLeases) await sleep(ms);
    },
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => harness.cleanup());

  describe(`${harness.name}: feed state and feed items`, () => {
    it('keeps feed state per feed', async () => {
      const s = await ctx.open();
      expect(await s.feedState.get('afp')).toBeUndefined();
      const state = {
        etag: '"abc"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT', bodyHash: 'ff00', consecutiveFailures: 2,
        lastSuccessAt: 1, lastErrorAt: 2, lastError: 'http: 503', nextPollAt: null, failing: false,
      };
      await s.feedState.set('afp', state);
      await s.feedState.set('reuters', { ...state, etag: null });
      expect(await s.feedState.get('afp')).toEqual(state);
      expect((await s.feedState.get('reuters'))?.etag).toBeNull();
    });

    it('loads undefined for a never-polled feed and the saved index otherwise', async () => {
      const s = await ctx.open();
      expect(await s.feedItems.load('afp')).toBeUndefined();
      await s.feedItems.save('afp', new Map());
      expect((await s.feedItems.load('afp'))?.size).toBe(0);
      const index = new Map([
        ['urn:1', { firstSeenAt: 10, lastSeenAt: 20 }],
        ['https://example.org/a?b=1', { firstSeenAt: 11, lastSeenAt: 21 }],
      ]);
      await s.feedItems.save('afp', index);
      expect(await s.feedItems.load('afp')).toEqual(index);
      expect(await s.feedItems.load('reuters')).toBeUndefined();
    });
  });

  describe(`${harness.name}: a poll's values in one write`, () => {
    it('savePoll stores the articles, the item index and the feed state, and trims the window like recent.add', async () => {
      const s = await ctx.open({ recentMaxPerFeed: 3 });
      const t = clock.now();
      const state = { etag: '"v1"', lastModified: null, bodyHash: 'aa', consecutiveFailures: 0, lastSuccessAt: t, lastErrorAt: null,
        lastError: null, nextPollAt: null, failing: false };
      const index = new Map([['a1', { firstSeenAt: t, lastSeenAt: t, hash: 7 }], ['a2', { firstSeenAt: t, lastSeenAt: t }]]);
      await s.savePoll('afp', { recent: ['a1', 'a2'].map((id, i) => makeArticle('afp', id, t - 2 + i)), index, state });
      expect([await s.feedState.get('afp'), await s.feedItems.load('afp')]).toEqual([state, index]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['a2', 'a1']);
      await s.savePoll('afp', { recent: [], index: new Map(), state: { ...state, etag: '"v2"' } });
      expect([(await s.feedState.get('afp'))?.etag, (await s.feedItems.load('afp'))?.size]).toEqual(['"v2"', 0]);
      await s.savePoll('afp', { recent: [1, 2, 3].map((i) => makeArticle('afp', `b${i}`, t + i)), index, state });
      expect((await s.recent.listSince(0, 10)).map((a) => a.id)).toEqual(['b3', 'b2', 'b1']);
    });
  });

  describe(`${harness.name}: recent articles`, () => {
    it('lists newest first across feeds, since a time, up to a limit', async () => {
      const s = await ctx.open();
      const t = clock.now();
      await s.recent.add('afp', [makeArticle('afp', 'a1', t - 3000), makeArticle('afp', 'a2', t - 1000)]);
      await s.recent.add('reuters', [makeArticle('reuters', 'r1', t - 2000)]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['a2', 'r1', 'a1']);
      expect((await s.recent.listSince(t - 2000)).map((a) => a.id)).toEqual(['a2', 'r1']);
      expect((await s.recent.listSince(0, 1)).map((a) => a.id)).toEqual(['a2']);
      expect((await s.recent.listSince(0))[0]).toEqual(makeArticle('afp', 'a2', t - 1000));
    });

    it('keeps one copy per item with its first time, bounded per feed', async () => {
      const s = await ctx.open({ recentMaxPerFeed: 3 });
      const t = clock.now();
      await s.recent.add('afp', [makeArticle('afp', 'a1', t - 10)]);
      await s.recent.add('afp', [{ ...makeArticle('afp', 'a1', t), title: 'updated' }]);
      const [only] = await s.recent.listSince(0);
      expect(only).toMatchObject({ id: 'a1', title: 'updated', firstSeenAt: t - 10 });
      await s.recent.add('afp', [1, 2, 3, 4].map((i) => makeArticle('afp', `b${i}`, t + i)));
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['b4', 'b3', 'b2']);
    });

    it('drops articles older than the recent TTL', async () => {
      const s = await ctx.open({ recentTtlMs: 60_000 });
      const t = clock.now();
      await s.recent.add('afp', [makeArticle('afp', 'old', t - 30_000)]);
      await s.recent.add('ap', [makeArticle('ap', 'new', t)]);
      clock.advance(45_000);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['new']);
      await s.recent.add('afp', [makeArticle('afp', 'newer', clock.now())]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['newer', 'new']);
    });
  });

  describe(`${harness.name}: recent articles, window edges`, () => {
    it('trims each feed to the newest maxPerFeed, within one batch and across batches', async () => {
      const s = await ctx.open({ recentMaxPerFeed: 4 });
      const t = clock.now();
      await s.recent.add('afp', Array.from({ length: 7 }, (_, i) => makeArticle('afp', `a${i}`, t - 100 + i)));
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['a6', 'a5', 'a4', 'a3']);
      // Another feed has its own cap; an older arrival than the window's oldest is not kept.
      await s.recent.add('ap', [makeArticle('ap', 'p1', t)]);
      await s.recent.add('afp', [makeArticle('afp', 'late', t - 1000), makeArticle('afp', 'b1', t + 1)]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['b1', 'p1', 'a6', 'a5', 'a4']);
      for (let i = 2; i <= 9; i++) await s.recent.add('afp', [makeArticle('afp', `b${i}`, t + i)]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['b9', 'b8', 'b7', 'b6', 'p1']);
    });

    it('expires entries by the injected clock, per entry, and keeps adding after expiry', async () => {
      const s = await ctx.open({ recentTtlMs: 60_000, recentMaxPerFeed: 10 });
      const t = clock.now();
      await s.recent.add('afp', [makeArticle('afp', 'x1', t - 50_000), makeArticle('afp', 'x2', t - 10_000)]);
      await s.recent.add('afp', [makeArticle('afp', 'too-old', t - 61_000)]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['x2', 'x1']);
      clock.advance(20_000);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['x2']);
      await s.recent.add('afp', [makeArticle('afp', 'x3', clock.now())]);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['x3', 'x2']);
      clock.advance(55_000);
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['x3']);
      clock.advance(10_000);
      expect(await s.recent.listSince(0)).toEqual([]);
    });

    it('orders across feeds by first-seen time, ties by feed then id, and cuts at since and limit', async () => {
      const s = await ctx.open();
      const t = clock.now();
      await s.recent.add('reuters', [makeArticle('reuters', 'r-b', t), makeArticle('reuters', 'r-a', t), makeArticle('reuters', 'r-old', t - 500)]);
      await s.recent.add('afp', [makeArticle('afp', 'f-z', t), makeArticle('afp', 'f-mid', t - 250)]);
      await s.recent.add('ap', [makeArticle('ap', 'p-new', t + 10), makeArticle('ap', 'p-old', t - 750)]);
      const all = ['p-new', 'f-z', 'r-a', 'r-b', 'f-mid', 'r-old', 'p-old'];
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(all);
      expect((await s.recent.listSince(0, 5000)).map((a) => a.id)).toEqual(all);
      expect((await s.recent.listSince(t - 250, 4)).map((a) => a.id)).toEqual(all.slice(0, 4));
      expect((await s.recent.listSince(t - 250)).map((a) => a.id)).toEqual(all.slice(0, 5));
      expect((await s.recent.listSince(t + 11)).map((a) => a.id)).toEqual([]);
      expect(await s.recent.listSince(0, 0)).toEqual([]);
      expect((await s.recent.listSince(0)).map((a) => a.feedId)).toEqual(['ap', 'afp', 'reuters', 'reuters', 'afp', 'reuters', 'ap']);
    });

    it('re-adding an id keeps one copy, the latest content and the earliest first-seen time', async () => {
      const s = await ctx.open({ recentMaxPerFeed: 5 });
      const t = clock.now();
      const a1 = makeArticle('afp', 'a1', t);
      await s.recent.add('afp', [a1, { ...a1, title: 'second in batch' }]);
      await s.recent.add('afp', [a1]);
      await s.recent.add('afp', [{ ...a1, title: 'earlier', firstSeenAt: t - 5 }]);
      await s.recent.add('afp', [{ ...a1, title: 'latest', text: 'new body', firstSeenAt: t + 5 }]);
      expect(await s.recent.listSince(0)).toEqual([{ ...a1, title: 'latest', text: 'new body', firstSeenAt: t - 5 }]);
      // Re-adds do not use up the cap.
      await s.recent.add('afp', [1, 2, 3, 4].map((i) => makeArticle('afp', `b${i}`, t + i)));
      expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['b4', 'b3', 'b2', 'b1', 'a1']);
      await s.recent.add('afp', []);
      expect((await s.recent.listSince(0)).length).toBe(5);
    });

    it('caps the stored text at RECENT_TEXT_LIMIT characters', async () => {
      const s = await ctx.open();
      const long = { ...makeArticle('afp', 'long', clock.now()), text: 'Taliban '.repeat(1000) };
      await s.recent.add('afp', [long]);
      const [got] = await s.recent.listSince(0);
      expect(got?.text).toBe(long.text.slice(0, RECENT_TEXT_LIMIT));
      expect(got?.text.length).toBe(1500);
    });
  });

  describe(`${harness.name}: seen items`, () => {
    it('answers per channel which ids were delivered', async () => {
      const s = await ctx.open();
      const odd = ['urn:x:1', 'https://example.org/a?b=c&d=e', 'Kabul: “Taliban”', 'a'.repeat(600)];
      expect(await s.seen.seen('discord:g1:c1', odd)).toEqual(new Set());
      await s.seen.markSeen('discord:g1:c1', odd.slice(0, 3));
      await s.seen.markSeen('desk', ['urn:x:9']);
      expect(await s.seen.seen('discord:g1:c1', [...odd, 'urn:x:9'])).toEqual(new Set(odd.slice(0, 3)));
      // ':' in channel ids must not let one channel's key collide with another's.
      expect(await s.seen.seen('discord:g1', ['c1:urn:x:1'])).toEqual(new Set());
      expect(await s.seen.seen('desk', ['urn:x:9', 'urn:x:1'])).toEqual(new Set(['urn:x:9']));
      expect(await s.seen.seen('desk', [])).toEqual(new Set());
    });

    it('handles batches larger than one chunk', async () => {
      const s = await ctx.open();
      const ids = Array.from({ length: 2500 }, (_, i) => `item-${i}`);
      await s.seen.markSeen('desk', ids.filter((_, i) => i % 2 === 0));
      const found = await s.seen.seen('desk', ids);
      expect(found.size).toBe(1250);
      expect(found.has('item-2498')).toBe(true);
      expect(found.has('item-2499')).toBe(false);
    });

    it('forgets an item after the seen TTL unless it was marked again', async () => {
      const s = await ctx.open({ seenTtlMs: 10_000 });
      await s.seen.markSeen('desk', ['gone', 'present']);
      clock.advance(6_000);
      await s.seen.markSeen('desk', ['present']);
      clock.advance(6_000);
      expect(await s.seen.seen('desk', ['gone', 'present'])).toEqual(new Set(['present']));
    });
  });

  describe(`${harness.name}: subscriptions, channels, channel state`, () => {
    it('adds, lists and removes subscriptions', async () => {
      const s = await ctx.open();
      const sub = { id: 's1', channel: 'desk', query: 'Taliban', source: 'command' as const, createdAt: 5 };
      await s.subscriptions.add(sub);
      await s.subscriptions.add({ ...sub, id: 's2', feeds: ['afp'], createdBy: 'u1' });
      await s.subscriptions.add({ ...sub, query: 'Taliban -Pakistan' });
      expect(await s.subscriptions.list()).toEqual([
        { ...sub, query: 'Taliban -Pakistan' },
        { ...sub, id: 's2', feeds: ['afp'], createdBy: 'u1' },
      ]);
      expect(await s.subscriptions.remove('s1')).toBe(true);
      expect(await s.subscriptions.remove('s1')).toBe(false);
      expect(await s.subscriptions.remove('nope')).toBe(false);
      expect((await s.subscriptions.list()).map((x) => x.id)).toEqual(['s2']);
    });

    it('ensures channels idempotently and keeps the latest target', async () => {
      const s = await ctx.open();
      const t = { id: 'slack:T1:C1', platform: 'slack' as const, channel: 'C1', source: 'command' as const };
      await s.channels.ensure(t);
      await s.channels.ensure(t);
      await s.channels.ensure({ ...t, guild: 'T1' });
      await s.channels.ensure({ id: 'discord:1', platform: 'discord', channel: '1', source: 'command' });
      expect(await s.channels.list()).toEqual([
        { id: 'discord:1', platform: 'discord', channel: '1', source: 'command' },
        { ...t, guild: 'T1' },
      ]);
    });

    it('keeps channel state per channel', async () => {
      const s = await ctx.open();
      expect(await s.channelState.get('desk')).toBeUndefined();
      await s.channelState.set('desk', { disabledReason: 'discord 403', disabledAt: 7 });
      expect(await s.channelState.get('desk')).toEqual({ disabledReason: 'discord 403', disabledAt: 7 });
      await s.channelState.set('desk', { disabledReason: null, disabledAt: null });
      expect(await s.channelState.get('desk')).toEqual({ disabledReason: null, disabledAt: null });
    });

    it.runIf(harness.persistent)('loses no subscription when two instances add at once', async () => {
      const a = await ctx.open();
      const b = await ctx.reopen();
      const subs = (p: string) =>
        Array.from({ length: 20 }, (_, i) => ({ id: `${p}${i}`, channel: 'desk', query: 'x', source: 'command' as const, createdAt: 1 }));
      await Promise.all([...subs('a').map((x) => a.subscriptions.add(x)), ...subs('b').map((x) => b.subscriptions.add(x))]);
      expect((await a.subscriptions.list()).length).toBe(40);
    });
  });

  defineOutboxContract(ctx);
  defineOutboxBatchContract(ctx);
  defineStoryStoreContract(ctx);
}
