/** The story lifecycle's store on every backend: channel clusters, kept in segments and cached per process. */
import { describe, expect, it } from 'vitest';
import type { ClusterCandidate } from '../../../src/core/lifecycle/cluster-memory.js';
import { SEGMENT_SIZE } from '../../../src/store/cluster-segments.js';
import type { Stores } from '../../../src/core/ports.js';
import type { StoreTestContext } from './store-contract.js';

const T0 = Date.parse('2021-07-02T06:00:00Z');
const HOUR = 3_600_000;

/** Distinct events (no shared features) unless `event` is given. */
function candidate(i: number, event?: number): ClusterCandidate {
  const base = event ?? 1000 + i;
  return { itemId: `item-${i}`, feedId: `feed-${i}`, features: [base * 4, base * 4 + 1, 4_294_967_295 - base], at: T0 };
}

const keys = (s: Stores, channel: string, now = T0) =>
  s.stories.withClusters([channel], now, (memoryOf) => memoryOf(channel).records().map((r) => r.key));

export function defineStoryStoreContract(ctx: StoreTestContext): void {
  const { harness } = ctx;

  describe(`${harness.name}: channel clusters`, () => {
    it('remembers decisions per channel across segments and replays them', async () => {
      const s = await ctx.open();
      const count = SEGMENT_SIZE * 2 + 5;
      await s.stories.withClusters(['desk'], T0, (memoryOf) => {
        for (let i = 0; i < count; i++) memoryOf('desk').decide(candidate(i), T0);
      });
      expect(await keys(s, 'desk')).toEqual(Array.from({ length: count }, (_, i) => `item-${i}`));
      expect(await keys(s, 'other')).toEqual([]);
      const again = await s.stories.withClusters(['desk'], T0, (memoryOf) => [
        memoryOf('desk').decide(candidate(3), T0), memoryOf('desk').decide(candidate(99, 1003), T0),
      ]);
      expect(again).toEqual([{ kind: 'new' }, { kind: 'also', rootKey: 'item-3' }]);
    });

    it('a second instance reads the first one\'s clusters, kill marks included, and the first sees the second\'s', async () => {
      if (!harness.persistent) return;
      const a = await ctx.open();
      await a.stories.withClusters(['desk'], T0, (memoryOf) => {
        for (let i = 0; i < 40; i++) memoryOf('desk').decide(candidate(i), T0);
      });
      const b = await ctx.reopen();
      await b.stories.withClusters(['desk'], T0, (memoryOf) => {
        expect(memoryOf('desk').size).toBe(40);
        memoryOf('desk').markKilled('item-3');
        memoryOf('desk').decide(candidate(500), T0);
      });
      const seen = await a.stories.withClusters(['desk'], T0, (memoryOf) => {
        const records = memoryOf('desk').records();
        // A killed story gathers no "also": the same event from another feed is an alert of its own.
        return { last: records.at(-1)?.key, killed: records.find((r) => r.key === 'item-3')?.killed,
          decision: memoryOf('desk').decide(candidate(77, 1003), T0) };
      });
      expect(seen).toEqual({ last: 'item-500', killed: true, decision: { kind: 'new' } });
    });

    it('after another instance wrote, a channel read afresh still matches the stories of its unchanged segments', async () => {
      if (!harness.persistent) return;
      const a = await ctx.open();
      // A full first segment, then the other instance adds a story (a second segment); the first is unchanged.
      await a.stories.withClusters(['desk'], T0, (memoryOf) => {
        for (let i = 0; i < SEGMENT_SIZE; i++) memoryOf('desk').decide(candidate(i), T0);
      });
      await a.stories.flush();
      const b = await ctx.reopen();
      await b.stories.withClusters(['desk'], T0 + 10, (memoryOf) => void memoryOf('desk').decide(candidate(600), T0 + 10));
      await b.stories.flush();
      // The first instance reads the channel again (the shared revision changed) and keeps its segment's records.
      const decision = await a.stories.withClusters(['desk'], T0 + 20, (memoryOf) => memoryOf('desk').decide(candidate(700, 1003), T0 + 20));
      expect(decision).toEqual({ kind: 'also', rootKey: 'item-3' });
    });

    it('expires records after the TTL and keeps features exact through the stored form', async () => {
      const s = await ctx.open();
      await s.stories.withClusters(['desk'], T0, (memoryOf) => {
        for (let i = 0; i < SEGMENT_SIZE + 2; i++) memoryOf('desk').decide(candidate(i), T0);
      });
      await s.stories.withClusters(['desk'], T0 + 10 * HOUR, (memoryOf) => memoryOf('desk').decide(candidate(900), T0 + 10 * HOUR));
      if (harness.persistent) {
        const fresh = await ctx.reopen();
        const features = await fresh.stories.withClusters(['desk'], T0 + 10 * HOUR, (memoryOf) =>
          memoryOf('desk').records().find((r) => r.key === 'item-5')?.features);
        expect(features).toEqual([1005 * 4, 1005 * 4 + 1, 4_294_967_295 - 1005]);
      }
      expect(await keys(s, 'desk', T0 + 10 * HOUR + 3 * 24 * HOUR - 1)).toEqual(['item-900']);
      if (harness.persistent) expect(await keys(await ctx.reopen(), 'desk', T0 + 10 * HOUR + 3 * 24 * HOUR - 1)).toEqual(['item-900']);
    });

    it('writes behind by up to a second, and close writes the rest', async () => {
      if (!harness.persistent) return;
      const a = await ctx.open();
      await a.stories.withClusters(['desk'], T0, (memoryOf) => void memoryOf('desk').decide(candidate(1), T0));
      await a.stories.withClusters(['desk'], T0 + 10, (memoryOf) => void memoryOf('desk').decide(candidate(2), T0 + 10));
      const early = await ctx.reopen();
      expect(await keys(early, 'desk', T0 + 20)).toEqual(['item-1']);
      await a.close();
      expect(await keys(await ctx.reopen(), 'desk', T0 + 20)).toEqual(['item-1', 'item-2']);
    });

    it('writes a round\'s changes within a second even when no round follows', async () => {
      if (!harness.persistent) return;
      const a = await ctx.open();
      await a.stories.withClusters(['desk'], T0, (memoryOf) => void memoryOf('desk').decide(candidate(1), T0));
      await a.stories.withClusters(['desk'], T0 + 10, (memoryOf) => void memoryOf('desk').decide(candidate(2), T0 + 10));
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await keys(await ctx.reopen(), 'desk', T0 + 20)).toEqual(['item-1', 'item-2']);
      await a.close();
    });

    it('a round that throws saves nothing, and the next round reads the store again', async () => {
      const s = await ctx.open();
      await s.stories.withClusters(['desk'], T0, (memoryOf) => void memoryOf('desk').decide(candidate(1), T0));
      await expect(s.stories.withClusters(['desk'], T0, (memoryOf) => {
        memoryOf('desk').decide(candidate(2), T0);
        throw new Error('boom');
      })).rejects.toThrow('boom');
      expect(await keys(s, 'desk')).toEqual(['item-1']);
    });
  });
}
