/** The story lifecycle's store on every backend: feed story states, and channel clusters kept in segments. */
import { describe, expect, it } from 'vitest';
import { createClusterState, decideCluster, markClusterKilled, type ClusterRecord, type ClusterState } from '../../../src/core/lifecycle/plan-cluster.js';
import { SEGMENT_SIZE } from '../../../src/store/cluster-segments.js';
import type { StoreTestContext } from './store-contract.js';

const T0 = Date.parse('2021-07-02T06:00:00Z');

function record(i: number, extra: Partial<ClusterRecord> = {}): ClusterRecord {
  return { key: `item-${i}`, feedId: `feed-${i % 3}`, features: [i, i + 1, i + 2], at: T0 + i, seenAt: T0 + i, killed: false, ...extra };
}

function stateOf(from: number, to: number): ClusterState {
  return { stories: Array.from({ length: to - from }, (_, i) => record(from + i)) };
}

export function defineStoryStoreContract(ctx: StoreTestContext): void {
  const { harness } = ctx;

  describe(`${harness.name}: story lifecycle state`, () => {
    it('keeps a feed\'s stories and a channel\'s clusters apart per key; unknown keys read as empty', async () => {
      const s = await ctx.open();
      expect((await s.stories.loadFeed('afp')).stories).toEqual([]);
      expect((await s.stories.loadChannel('desk')).stories).toEqual([]);
      await s.stories.saveChannel('desk', stateOf(0, 3));
      expect((await s.stories.loadChannel('desk')).stories.map((r) => r.key)).toEqual(['item-0', 'item-1', 'item-2']);
      expect((await s.stories.loadChannel('other')).stories).toEqual([]);
    });

    it('round-trips clusters across segments in order, through appends, kills in old segments and a trimmed head', async () => {
      const s = await ctx.open();
      await s.stories.loadChannel('desk');
      await s.stories.saveChannel('desk', stateOf(0, SEGMENT_SIZE * 2 + 10));
      let state = await s.stories.loadChannel('desk');
      expect(state.stories.map((r) => r.key)).toEqual(stateOf(0, SEGMENT_SIZE * 2 + 10).stories.map((r) => r.key));
      // Append one, kill one in the first segment, and drop the oldest five (expiry or the cap).
      state = decideCluster(state, { itemId: 'late', feedId: 'feed-x', features: [999], at: T0 }, { now: T0 + 1000 }).state;
      state = markClusterKilled(state, 'item-7');
      state = { stories: state.stories.slice(5) };
      await s.stories.saveChannel('desk', state);
      const again = await s.stories.loadChannel('desk');
      expect(again.stories.map((r) => r.key)).toEqual(state.stories.map((r) => r.key));
      expect(again.stories.find((r) => r.key === 'item-7')?.killed).toBe(true);
      expect(again.stories.at(-1)?.key).toBe('late');
    });

    it('a second instance reads the first one\'s clusters, and the first sees the second\'s writes on its next load', async () => {
      if (!harness.persistent) return;
      const a = await ctx.open();
      await a.stories.loadChannel('desk');
      await a.stories.saveChannel('desk', stateOf(0, 150));
      const b = await ctx.reopen();
      const seen = await b.stories.loadChannel('desk');
      expect(seen.stories).toHaveLength(150);
      await b.stories.saveChannel('desk', markClusterKilled({ stories: [...seen.stories, record(500)] }, 'item-3'));
      const back = await a.stories.loadChannel('desk');
      expect(back.stories).toHaveLength(151);
      expect(back.stories.find((r) => r.key === 'item-3')?.killed).toBe(true);
      expect(back.stories.at(-1)?.key).toBe('item-500');
    });

    it('an emptied channel reads as empty', async () => {
      const s = await ctx.open();
      await s.stories.loadChannel('desk');
      await s.stories.saveChannel('desk', stateOf(0, SEGMENT_SIZE + 1));
      await s.stories.loadChannel('desk');
      await s.stories.saveChannel('desk', createClusterState());
      expect((await s.stories.loadChannel('desk')).stories).toEqual([]);
    });
  });
}
