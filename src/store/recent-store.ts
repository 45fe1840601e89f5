/**
 * Recent articles for `preview` and the subscribe reply: one bounded value per feed (newest kept), plus a
 * set of feed ids so listSince can read them all without scanning keys.
 */
import type { Keyv } from 'keyv';
import type { Clock, RecentArticleStore, StoredArticle } from '../core/ports.js';
import { chunk, type SetIndex } from './backend.js';

const FEEDS_SET = 'recent-feeds';

export interface RecentOptions {
  clock: Clock;
  ttlMs: number;
  maxPerFeed: number;
}

function newestFirst(a: StoredArticle, b: StoredArticle): number {
  return b.firstSeenAt - a.firstSeenAt || a.id.localeCompare(b.id);
}

export function createRecentStore(kv: Keyv<unknown>, sets: SetIndex, opts: RecentOptions): RecentArticleStore {
  const key = (feedId: string) => `recent:${feedId}`;
  // Feed ids are never removed from the set, so once added here the per-cycle write is the value alone.
  const indexed = new Set<string>();
  return {
    async add(feedId, articles) {
      if (articles.length === 0) return;
      const cutoff = opts.clock.now() - opts.ttlMs;
      const old = ((await kv.get(key(feedId))) as StoredArticle[] | undefined) ?? [];
      // A feed is polled by one instance at a time (lease), so read-modify-write per feed is safe.
      const byId = new Map<string, StoredArticle>();
      for (const a of old) byId.set(a.id, a);
      for (const a of articles) {
        const prev = byId.get(a.id);
        byId.set(a.id, prev ? { ...a, firstSeenAt: Math.min(prev.firstSeenAt, a.firstSeenAt) } : a);
      }
      const kept = [...byId.values()]
        .filter((a) => a.firstSeenAt >= cutoff)
        .sort(newestFirst)
        .slice(0, opts.maxPerFeed);
      await kv.set(key(feedId), kept, opts.ttlMs);
      if (!indexed.has(feedId)) {
        await sets.add(FEEDS_SET, [feedId]);
        indexed.add(feedId);
      }
    },
    async listSince(since, limit = 50) {
      const from = Math.max(since, opts.clock.now() - opts.ttlMs);
      let best: StoredArticle[] = [];
      // Chunk by chunk, keeping only the best `limit`: memory stays bounded with thousands of feeds.
      for (const part of chunk(await sets.members(FEEDS_SET), 200)) {
        const values = await kv.getMany(part.map(key));
        for (const list of values as Array<StoredArticle[] | undefined>) {
          for (const a of list ?? []) if (a.firstSeenAt >= from) best.push(a);
        }
        best = best.sort(newestFirst).slice(0, limit);
      }
      return best;
    },
  };
}
