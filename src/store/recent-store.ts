/**
 * Recent articles for `preview` and the subscribe reply. Each article is its own key (with the recent TTL),
 * and each feed has a small index of [id, firstSeenAt] rows, newest first and capped at maxPerFeed. A poll
 * with new items writes only those items plus the index in one setMany (one SQLite transaction, one Redis
 * MULTI) and deletes the items trimmed off the window: the article bodies already stored are never read or
 * rewritten, so the cost follows the number of new articles, not the size of the window.
 */
import type { Keyv } from 'keyv';
import { RECENT_RAW_LIMIT } from '../core/defaults.js';
import { extractText } from '../core/extract-text.js';
import type { Clock, RecentArticleStore, StoredArticle } from '../core/ports.js';
import { chunk, type SetIndex } from './backend.js';
import {
  compareNewest, encodeValue, FEEDS_SET, indexKey, itemKey, readIndex, readItem, type IndexRow,
} from './recent-format.js';

/** Characters of article text kept: enough for preview matching and a few lines of display. */
export const RECENT_TEXT_LIMIT = 1500;
/** Feeds whose indexes are read per getMany while listing. */
const FEED_CHUNK = 200;
/** Keys per setMany / getMany / deleteMany, so no statement or MULTI grows without bound. */
export const KEY_CHUNK = 500;

export interface RecentOptions {
  clock: Clock;
  ttlMs: number;
  maxPerFeed: number;
}

interface Candidate {
  at: number;
  feedId: string;
  id: string;
}

export type Entry = { key: string; value: unknown; ttl?: number };

/** What one `add` writes: the new items and the feed's index (last), and the item keys it trims off. */
export interface RecentWrite {
  feedId: string;
  entries: Entry[];
  gone: string[];
}

/** The recent store, and its writes apart for a caller that commits them with others (open-stores' savePoll). */
export interface RecentStoreParts extends RecentArticleStore {
  /**
   * The writes `add` makes, read against the stored index; null when there is nothing to add. Lists the feed for
   * previews first: a listed feed without articles yet reads as empty, but articles of an unlisted one are never read.
   */
  planAdd(feedId: string, articles: StoredArticle[]): Promise<RecentWrite | null>;
  /** What follows the write's commit: the items trimmed off the window deleted. */
  settleAdd(write: RecentWrite): Promise<void>;
}

export function createRecentStore(kv: Keyv<unknown>, sets: SetIndex, opts: RecentOptions): RecentStoreParts {
  // Feed ids are never removed from the set, so once added here the per-cycle write is the items and index alone.
  const indexed = new Set<string>();

  async function planAdd(feedId: string, articles: StoredArticle[]): Promise<RecentWrite | null> {
    if (articles.length === 0) return null;
    if (!indexed.has(feedId)) {
      await sets.add(FEEDS_SET, [feedId]);
      indexed.add(feedId);
    }
    const cutoff = opts.clock.now() - opts.ttlMs;
    // A feed is polled by one instance at a time (lease), so read-modify-write of its index is safe.
    const stored = readIndex(await kv.get(indexKey(feedId)));
    const firstSeen = new Map<string, number>(stored ?? []);
    const incoming = new Map<string, StoredArticle>();
    for (const a of articles) {
      const prev = firstSeen.get(a.id);
      const at = prev === undefined ? a.firstSeenAt : Math.min(prev, a.firstSeenAt);
      firstSeen.set(a.id, at);
      incoming.set(a.id, { ...a, text: a.text.slice(0, a.raw ? RECENT_RAW_LIMIT : RECENT_TEXT_LIMIT), firstSeenAt: at });
    }
    const fresh: IndexRow[] = [];
    for (const id of incoming.keys()) fresh.push([id, firstSeen.get(id)!]);
    const rest = (stored ?? []).filter(([id]) => !incoming.has(id));
    const kept = mergeNewest(fresh.sort(compareRows), rest, cutoff, opts.maxPerFeed);
    const keptIds = new Set(kept.map(([id]) => id));

    const entries: Entry[] = [];
    for (const [id, a] of incoming) if (keptIds.has(id)) entries.push({ key: itemKey(feedId, id), value: encodeValue(a), ttl: opts.ttlMs });
    // The index comes last: a reader may see an item not yet indexed, never an index row without its item.
    entries.push({ key: indexKey(feedId), value: encodeValue(kept), ttl: opts.ttlMs });
    // Trimmed (past the cap) or expired items go after the write, so memory:// and Redis hold at most maxPerFeed per feed.
    const gone = (stored ?? []).filter(([id]) => !keptIds.has(id)).map(([id]) => itemKey(feedId, id));
    return { feedId, entries, gone };
  }

  async function settleAdd({ gone }: RecentWrite): Promise<void> {
    for (const part of chunk(gone, KEY_CHUNK)) await kv.deleteMany(part);
  }

  return {
    planAdd,
    settleAdd,
    async add(feedId, articles) {
      const write = await planAdd(feedId, articles);
      if (!write) return;
      for (const part of chunk(write.entries, KEY_CHUNK)) await kv.setMany(part);
      await settleAdd(write);
    },

    async listSince(since, limit = 50) {
      if (limit <= 0) return [];
      const from = Math.max(since, opts.clock.now() - opts.ttlMs);
      let best: Candidate[] = [];
      // Indexes chunk by chunk, keeping only the best `limit` rows: bodies are read for those alone.
      for (const part of chunk(await sets.members(FEEDS_SET), FEED_CHUNK)) {
        const indexes = await kv.getMany(part.map(indexKey));
        part.forEach((feedId, i) => {
          const rows = readIndex(indexes[i]) ?? [];
          // Rows are newest first, so a feed stops at its first row too old or past `limit`.
          for (let r = 0; r < rows.length && r < limit; r++) {
            const [id, at] = rows[r]!;
            if (at < from) break;
            best.push({ at, feedId, id });
          }
        });
        best = best.sort(compareNewest).slice(0, limit);
      }
      const out: StoredArticle[] = [];
      for (const part of chunk(best, KEY_CHUNK)) {
        const values = await kv.getMany(part.map((c) => itemKey(c.feedId, c.id)));
        for (let i = 0; i < part.length; i++) {
          // An item missing under its index row (expired a moment early, trimmed meanwhile) is skipped.
          const a = readItem(values[i]);
          if (a !== undefined) out.push(a.raw ? cleanRawArticle(a) : a);
        }
      }
      return out;
    },
  };
}

/** A raw article as a clean one: extracted here, once per read, instead of for every item a first poll stores. */
function cleanRawArticle(a: StoredArticle): StoredArticle {
  const { raw: _raw, ...rest } = a;
  return { ...rest, title: extractText(a.title), text: extractText(a.text).slice(0, RECENT_TEXT_LIMIT) };
}

/** Same order as compareNewest within one feed, without allocating per comparison. */
function compareRows(x: IndexRow, y: IndexRow): number {
  return y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);
}

/**
 * The newest `max` rows of both lists at or after `cutoff`. `rest` is the stored index, already in order, so
 * a poll merges its few new rows in instead of sorting the window (ties of one poll compare long URL ids).
 */
function mergeNewest(fresh: IndexRow[], rest: IndexRow[], cutoff: number, max: number): IndexRow[] {
  // An index not in order (written by hand, or by a future format) is sorted once here.
  for (let i = 1; i < rest.length; i++) {
    if (compareRows(rest[i - 1]!, rest[i]!) > 0) {
      rest.sort(compareRows);
      break;
    }
  }
  const out: IndexRow[] = [];
  let i = 0;
  let j = 0;
  while (out.length < max && (i < fresh.length || j < rest.length)) {
    const row = j >= rest.length || (i < fresh.length && compareRows(fresh[i]!, rest[j]!) <= 0) ? fresh[i++]! : rest[j++]!;
    // Both lists are newest first, so the first row too old ends the merge of its list.
    if (row[1] < cutoff) {
      if (row === fresh[i - 1]) i = fresh.length;
      else j = rest.length;
      continue;
    }
    out.push(row);
  }
  return out;
}
