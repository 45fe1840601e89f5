/**
 * Keys and value shapes of the recent-articles store, and the checks that keep a malformed or older value
 * (a hand-edited Redis key, a truncated value) from crashing the bot: such values read
 * as absent, never as an exception.
 */
import { decodeStoredJson } from './stored-json.js';
import type { StoredArticle } from '../core/ports.js';

/** Feed ids that have (or had) recent articles. */
export const FEEDS_SET = 'recent-feeds';

/** [article id, firstSeenAt], newest first: a feed's window without the article bodies. */
export type IndexRow = [string, number];

export function indexKey(feedId: string): string {
  return `recent-index:${feedId}`;
}

export function itemKey(feedId: string, id: string): string {
  // The feed id is encoded so `<feed>:<id>` splits one way only (ids contain ':' freely).
  return `recent-item:${encodeURIComponent(feedId)}:${id}`;
}

/** Newest first; ties by feed then id in code-unit order, so every backend answers in the same order. */
export function compareNewest(a: { at: number; feedId: string; id: string }, b: { at: number; feedId: string; id: string }): number {
  if (a.at !== b.at) return b.at - a.at;
  if (a.feedId !== b.feedId) return a.feedId < b.feedId ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * Index and item values are stored as JSON strings: Keyv's serializer walks a value with a reviver, which
 * costs several times a plain JSON.parse of the same text (≈ 2 ms for a 500-row index here).
 */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value);
}

export function readIndex(stored: unknown): IndexRow[] | undefined {
  const value = decodeStoredJson(stored);
  if (!Array.isArray(value)) return undefined;
  const rows: IndexRow[] = [];
  const ids = new Set<string>();
  for (const row of value) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'number' || ids.has(row[0])) continue;
    ids.add(row[0]);
    rows.push([row[0], row[1]]);
  }
  return rows;
}

export function readItem(stored: unknown): StoredArticle | undefined {
  const value = decodeStoredJson(stored);
  return isStoredArticle(value) ? value : undefined;
}

export function isStoredArticle(value: unknown): value is StoredArticle {
  if (typeof value !== 'object' || value === null) return false;
  const a = value as Record<string, unknown>;
  return (
    typeof a.feedId === 'string' && typeof a.id === 'string' && typeof a.title === 'string' &&
    typeof a.text === 'string' && typeof a.firstSeenAt === 'number' &&
    (a.link === null || typeof a.link === 'string') && (a.published === null || typeof a.published === 'string') &&
    (a.raw === undefined || a.raw === true)
  );
}
