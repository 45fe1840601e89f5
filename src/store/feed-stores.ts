/** Per-feed values: HTTP/health state and the index of identities present in the feed. One value per feed. */
import type { Keyv } from 'keyv';
import type { FeedItemIndex, FeedItemStore, FeedState, FeedStateStore } from '../core/ports.js';

type KV = Keyv<unknown>;
/** [identity, firstSeenAt, lastSeenAt, content hash?]: arrays keep a 50-item feed index to a couple of KB. */
type IndexRow = [string, number, number, number?];

/** The Keyv entry `feedState.set` writes, for a caller that commits it with others (open-stores' savePoll). */
export function feedStateEntry(feedId: string, state: FeedState): { key: string; value: unknown } {
  return { key: `feed-state:${feedId}`, value: state };
}

/** The Keyv entry `feedItems.save` writes. */
export function feedItemsEntry(feedId: string, index: FeedItemIndex): { key: string; value: unknown } {
  const rows: IndexRow[] = [];
  for (const [id, v] of index) rows.push(v.hash === undefined ? [id, v.firstSeenAt, v.lastSeenAt] : [id, v.firstSeenAt, v.lastSeenAt, v.hash]);
  return { key: `feed-items:${feedId}`, value: rows };
}

export function createFeedStateStore(kv: KV): FeedStateStore {
  return {
    async get(feedId) {
      return (await kv.get(`feed-state:${feedId}`)) as FeedState | undefined;
    },
    async set(feedId, state) {
      const { key, value } = feedStateEntry(feedId, state);
      await kv.set(key, value);
    },
  };
}

export function createFeedItemStore(kv: KV): FeedItemStore {
  return {
    async load(feedId) {
      const rows = (await kv.get(`feed-items:${feedId}`)) as IndexRow[] | undefined;
      if (rows === undefined) return undefined;
      const index: FeedItemIndex = new Map();
      for (const [id, firstSeenAt, lastSeenAt, hash] of rows) {
        index.set(id, typeof hash === 'number' ? { firstSeenAt, lastSeenAt, hash } : { firstSeenAt, lastSeenAt });
      }
      return index;
    },
    async save(feedId, index) {
      const { key, value } = feedItemsEntry(feedId, index);
      await kv.set(key, value);
    },
  };
}
