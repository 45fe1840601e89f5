import { RECENT_SCAN_LIMIT } from '../core/defaults.js';
import type { StoredArticle } from '../core/ports.js';

/**
 * How many of a feed's items a first poll with nothing to alert keeps for previews: `preview` and the subscribe
 * reply scan the newest 5,000 stored articles, so a thousand new feeds × 35 items stored 30,000 that no preview
 * could ever reach (the last feeds polled pushed them out of the window within the same cycle). An equal share
 * per feed fills that window with every feed's newest items instead; a few feeds keep all of theirs.
 */
export function firstPollShare(feedCount: number): number {
  return Math.ceil(RECENT_SCAN_LIMIT / Math.max(1, feedCount));
}

/**
 * Of the articles a poll stores, the raw ones (read at a first poll, alerting on nothing) past the feed's newest
 * `keep` by publication time are left out; extracted ones (backfilled, or from any later poll) are all kept.
 * Undated items rank after dated ones, and feed order breaks ties (feeds list newest first).
 */
export function pickFirstPollPreviews(articles: StoredArticle[], keep: number): StoredArticle[] {
  const raw = articles.filter((a) => a.raw);
  if (raw.length <= keep) return articles;
  const when = (a: StoredArticle): number => {
    const ms = a.published ? Date.parse(a.published) : NaN;
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  const order = new Map(raw.map((a, i) => [a, i]));
  const kept = new Set(raw.slice().sort((x, y) => when(y) - when(x) || order.get(x)! - order.get(y)!).slice(0, keep));
  return articles.filter((a) => !a.raw || kept.has(a));
}
