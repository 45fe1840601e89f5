/** Outbox, leases and persistence checks of the shared store suite. */
import { describe, expect, it } from 'vitest';
import type { StoreTestContext } from './store-contract.js';
import { makeEntry, makeRecord } from './store-fixtures.js';

export function defineOutboxContract(ctx: StoreTestContext): void {
  const { harness, clock } = ctx;
  const ids = (list: { alert: { id: string } }[]) => list.map((e) => e.alert.id);

  describe(`${harness.name}: outbox`, () => {
    it('queues per channel, oldest first, and ignores keys already queued', async () => {
      const s = await ctx.open();
      await s.outbox.enqueue([makeEntry('desk', 'i1'), makeEntry('foreign', 'f1'), makeEntry('desk', 'i2')]);
      await s.outbox.enqueue([makeEntry('desk', 'i3'), makeEntry('desk', 'i1'), makeEntry('desk', 'i3')]);
      expect(ids(await s.outbox.pending('desk'))).toEqual(['i1', 'i2', 'i3']);
      expect(ids(await s.outbox.pending('desk', 2))).toEqual(['i1', 'i2']);
      expect(await s.outbox.pending('desk', 0)).toEqual([]);
      expect(await s.outbox.pending('desk')).toContainEqual(makeEntry('desk', 'i2'));
      expect(await s.outbox.countPending('desk')).toBe(3);
      expect(await s.outbox.countPending('nobody')).toBe(0);
      expect(await s.outbox.pending('nobody')).toEqual([]);
      expect(await s.outbox.channelsWithPending()).toEqual(['desk', 'foreign']);
    });

    it('completes an entry, keeps its delivery record and never queues that key again', async () => {
      const s = await ctx.open();
      const [e1, e2] = [makeEntry('desk', 'i1'), makeEntry('desk', 'i2')];
      await s.outbox.enqueue([e1, e2, makeEntry('foreign', 'f1')]);
      expect(await s.outbox.claim(e1.key, 'A', 30_000)).toBe(true);
      await s.outbox.complete(e1, makeRecord(e1));
      expect(ids(await s.outbox.pending('desk'))).toEqual(['i2']);
      expect(await s.outbox.getDelivery('desk', 'i1')).toEqual(makeRecord(e1));
      expect(await s.outbox.getDelivery('desk', 'i2')).toBeUndefined();
      await s.outbox.enqueue([e1]);
      expect(ids(await s.outbox.pending('desk'))).toEqual(['i2']);
      // A stale reader that still holds e1 cannot claim it after it was completed.
      expect(await s.outbox.claim(e1.key, 'B', 30_000)).toBe(false);
      await s.outbox.complete(makeEntry('foreign', 'f1'), makeRecord(makeEntry('foreign', 'f1')));
      expect(await s.outbox.channelsWithPending()).toEqual(['desk']);
    });

    it.runIf(!harness.serverTimeLeases)('forgets completed keys after the seen TTL', async () => {
      const s = await ctx.open({ seenTtlMs: 60_000 });
      const e = makeEntry('desk', 'i1');
      await s.outbox.enqueue([e]);
      await s.outbox.complete(e, makeRecord(e));
      clock.advance(59_000);
      await s.outbox.enqueue([e]);
      expect(await s.outbox.countPending('desk')).toBe(0);
      clock.advance(2_000);
      expect(await s.outbox.getDelivery('desk', 'i1')).toBeUndefined();
      await s.outbox.enqueue([e]);
      expect(await s.outbox.countPending('desk')).toBe(1);
    });

    it('retries later in place: attempts counted, error kept, claim released', async () => {
      const s = await ctx.open();
      const [e1, e2] = [makeEntry('desk', 'i1'), makeEntry('desk', 'i2')];
      await s.outbox.enqueue([e1, e2]);
      expect(await s.outbox.claim(e1.key, 'A', 30_000)).toBe(true);
      await s.outbox.retryLater(e1, 1_700_000_009_000, 'discord 503');
      await s.outbox.retryLater({ ...e1, attempts: 0 }, 1_700_000_019_000, 'discord 429');
      const [first, second] = await s.outbox.pending('desk');
      expect(first).toEqual({ ...e1, attempts: 2, nextAttemptAt: 1_700_000_019_000, lastError: 'discord 429' });
      expect(second).toEqual(e2);
      expect(await s.outbox.claim(e1.key, 'B', 30_000)).toBe(true);
      // Retrying an entry someone completed meanwhile must not bring it back.
      await s.outbox.complete(e1, makeRecord(e1));
      await s.outbox.retryLater(e1, 1, 'late');
      expect(ids(await s.outbox.pending('desk'))).toEqual(['i2']);
    });

    it('grants a claim to exactly one of many parallel claimants', async () => {
      const a = await ctx.open();
      const b = harness.persistent ? await ctx.reopen() : a;
      const entries = Array.from({ length: 5 }, (_, i) => makeEntry('desk', `c${i}`));
      await a.outbox.enqueue(entries);
      for (const e of entries) {
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).outbox.claim(e.key, `owner-${i}`, 30_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      }
      expect(await a.outbox.claim('desk\u0000unknown', 'A', 30_000)).toBe(false);
    });

    it('lets the holder re-claim and another owner take over only after expiry', async () => {
      const s = await ctx.open();
      const e = makeEntry('desk', 'i1');
      await s.outbox.enqueue([e]);
      expect(await s.outbox.claim(e.key, 'dead', 800)).toBe(true);
      expect(await s.outbox.claim(e.key, 'dead', 800)).toBe(true);
      expect(await s.outbox.claim(e.key, 'B', 800)).toBe(false);
      await ctx.pass(1000);
      expect(await s.outbox.claim(e.key, 'B', 30_000)).toBe(true);
      expect(await s.outbox.claim(e.key, 'dead', 30_000)).toBe(false);
    });
  });

  describe(`${harness.name}: leases`, () => {
    it('acquires, renews and releases only for the holder', async () => {
      const s = await ctx.open();
      expect(await s.leases.acquire('poll:afp', 'A', 30_000)).toBe(true);
      expect(await s.leases.acquire('poll:afp', 'B', 30_000)).toBe(false);
      expect(await s.leases.acquire('poll:ap', 'B', 30_000)).toBe(true);
      expect(await s.leases.renew('poll:afp', 'B', 30_000)).toBe(false);
      expect(await s.leases.renew('poll:afp', 'A', 30_000)).toBe(true);
      await s.leases.release('poll:afp', 'B');
      expect(await s.leases.acquire('poll:afp', 'B', 30_000)).toBe(false);
      await s.leases.release('poll:afp', 'A');
      expect(await s.leases.acquire('poll:afp', 'B', 30_000)).toBe(true);
      expect(await s.leases.renew('never', 'A', 30_000)).toBe(false);
    });

    it('lets another owner take a lapsed lease, and the old holder cannot renew it', async () => {
      const s = await ctx.open();
      // Wide margins (600 ms), because Redis leases run on the server's wall clock and CI machines stall.
      expect(await s.leases.acquire('gateway', 'dead', 1000)).toBe(true);
      await ctx.pass(400);
      expect(await s.leases.renew('gateway', 'dead', 1000)).toBe(true);
      await ctx.pass(400);
      expect(await s.leases.acquire('gateway', 'B', 1000)).toBe(false);
      await ctx.pass(1200);
      expect(await s.leases.renew('gateway', 'dead', 1000)).toBe(false);
      expect(await s.leases.acquire('gateway', 'B', 30_000)).toBe(true);
      expect(await s.leases.acquire('gateway', 'dead', 30_000)).toBe(false);
    });

    it('grants a lease to exactly one of many parallel acquirers', async () => {
      const a = await ctx.open();
      const b = harness.persistent ? await ctx.reopen() : a;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).leases.acquire('poll:big', `owner-${i}`, 30_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe.runIf(harness.persistent)(`${harness.name}: survives close and reopen`, () => {
    it('keeps every kind of data and the outbox order', async () => {
      const s = await ctx.open();
      await s.feedState.set('afp', {
        etag: 'e', lastModified: null, bodyHash: null, consecutiveFailures: 0,
        lastSuccessAt: 1, lastErrorAt: null, lastError: null, nextPollAt: null, failing: false,
      });
      await s.feedItems.save('afp', new Map([['i1', { firstSeenAt: 1, lastSeenAt: 2 }]]));
      await s.recent.add('afp', [{ feedId: 'afp', id: 'i1', title: 't', text: 'x', link: null, published: null, firstSeenAt: clock.now() }]);
      await s.seen.markSeen('desk', ['i0']);
      await s.subscriptions.add({ id: 's1', channel: 'desk', query: 'Taliban', source: 'command', createdAt: 1 });
      await s.channels.ensure({ id: 'slack:C1', platform: 'slack', channel: 'C1', source: 'command' });
      await s.channelState.set('desk', { disabledReason: null, disabledAt: null });
      const done = makeEntry('desk', 'i0');
      await s.outbox.enqueue([done, makeEntry('desk', 'i1'), makeEntry('desk', 'i2')]);
      await s.outbox.complete(done, makeRecord(done));
      await s.close();

      const r = await ctx.reopen();
      expect((await r.feedState.get('afp'))?.etag).toBe('e');
      expect((await r.feedItems.load('afp'))?.get('i1')).toEqual({ firstSeenAt: 1, lastSeenAt: 2 });
      expect((await r.recent.listSince(0)).map((a) => a.id)).toEqual(['i1']);
      expect(await r.seen.seen('desk', ['i0', 'i1'])).toEqual(new Set(['i0']));
      expect((await r.subscriptions.list()).map((x) => x.id)).toEqual(['s1']);
      expect((await r.channels.list()).map((x) => x.id)).toEqual(['slack:C1']);
      expect(await r.channelState.get('desk')).toEqual({ disabledReason: null, disabledAt: null });
      expect(await r.outbox.getDelivery('desk', 'i0')).toEqual(makeRecord(done));
      await r.outbox.enqueue([makeEntry('desk', 'i0'), makeEntry('desk', 'i3')]);
      expect(ids(await r.outbox.pending('desk'))).toEqual(['i1', 'i2', 'i3']);
    });
  });
}
