/** Batched delivery operations every backend must pass: claiming a batch, giving claims back, complete + seen. */
import { describe, expect, it } from 'vitest';
import type { StoreTestContext } from './store-contract.js';
import { makeEntry, makeRecord } from './store-fixtures.js';

export function defineOutboxBatchContract(ctx: StoreTestContext): void {
  const { harness } = ctx;

  describe(`${harness.name}: outbox batches`, () => {
    it('claims the leading keys in order and stops at the first one another owner holds', async () => {
      const s = await ctx.open();
      const es = ['i1', 'i2', 'i3', 'i4'].map((id) => makeEntry('desk', id));
      await s.outbox.enqueue(es);
      expect(await s.outbox.claim(es[2]!.key, 'B', 30_000)).toBe(true);
      expect(await s.outbox.claimMany(es.map((e) => e.key), 'A', 30_000)).toBe(2);
      // Nothing past the stop was taken: i4 is still free for B, i1 and i2 are A's.
      expect(await s.outbox.claim(es[3]!.key, 'B', 30_000)).toBe(true);
      expect(await s.outbox.claim(es[0]!.key, 'B', 30_000)).toBe(false);
      // Holding them already is renewing them.
      expect(await s.outbox.claimMany([es[0]!.key, es[1]!.key], 'A', 30_000)).toBe(2);
      expect(await s.outbox.claimMany([], 'A', 30_000)).toBe(0);
    });

    it('stops at a key no longer queued (completed by a reader with a fresher list)', async () => {
      const s = await ctx.open();
      const [e1, e2, e3] = ['i1', 'i2', 'i3'].map((id) => makeEntry('desk', id));
      await s.outbox.enqueue([e1!, e2!, e3!]);
      await s.outbox.complete(e2!, makeRecord(e2!));
      expect(await s.outbox.claimMany([e1!.key, e2!.key, e3!.key], 'A', 30_000)).toBe(1);
      expect(await s.outbox.claim(e3!.key, 'B', 30_000)).toBe(true);
    });

    it('gives back only the claims of the owner that releases them', async () => {
      const s = await ctx.open();
      const [e1, e2, e3] = ['i1', 'i2', 'i3'].map((id) => makeEntry('desk', id));
      await s.outbox.enqueue([e1!, e2!, e3!]);
      expect(await s.outbox.claimMany([e1!.key, e2!.key], 'A', 30_000)).toBe(2);
      expect(await s.outbox.claim(e3!.key, 'B', 30_000)).toBe(true);
      await s.outbox.releaseClaims([e2!.key, e3!.key], 'A');
      await s.outbox.releaseClaims([], 'A');
      expect(await s.outbox.claim(e2!.key, 'B', 30_000)).toBe(true);
      expect(await s.outbox.claim(e1!.key, 'B', 30_000)).toBe(false);
      expect(await s.outbox.claim(e3!.key, 'A', 30_000)).toBe(false);
    });

    it('grants each key of overlapping batches to exactly one of many parallel claimants', async () => {
      const s = await ctx.open();
      const others = await Promise.all([ctx.reopen(), ctx.reopen()]);
      const es = Array.from({ length: 12 }, (_, i) => makeEntry('desk', `i${i}`));
      await s.outbox.enqueue(es);
      const owners = ['A', 'B', 'C', 'D', 'E', 'F'];
      const won = await Promise.all(owners.map((owner, i) => {
        const store = i < 2 ? s : others[i % 2]!;
        return store.outbox.claimMany(es.slice(i).map((e) => e.key), owner, 30_000).then((n) => ({ i, n }));
      }));
      const holders = new Map<number, number>();
      for (const { i, n } of won) for (let k = i; k < i + n; k++) holders.set(k, (holders.get(k) ?? 0) + 1);
      for (const count of holders.values()) expect(count).toBe(1);
      expect(won.reduce((sum, w) => sum + w.n, 0)).toBe(holders.size);
    });

    it('complete marks the item seen for its channel in the same step', async () => {
      const s = await ctx.open();
      const e = makeEntry('discord:g1:c1', 'urn:x:1');
      await s.outbox.enqueue([e, makeEntry('desk', 'urn:x:1')]);
      expect(await s.seen.seen('discord:g1:c1', ['urn:x:1'])).toEqual(new Set());
      await s.outbox.complete(e, makeRecord(e));
      expect(await s.seen.seen('discord:g1:c1', ['urn:x:1', 'urn:x:2'])).toEqual(new Set(['urn:x:1']));
      expect(await s.seen.seen('desk', ['urn:x:1'])).toEqual(new Set());
      if (harness.persistent) {
        const again = await ctx.reopen();
        expect(await again.seen.seen('discord:g1:c1', ['urn:x:1'])).toEqual(new Set(['urn:x:1']));
      }
    });
  });
}
