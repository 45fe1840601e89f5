/**
 * The CPU-bound part of a poll: a fetched body → parsed items (rss-parser), the new ones text-extracted and
 * matched. Pure of the store and the network, so the same function runs inline on the main thread and in the
 * worker threads of read-pool.ts (read-worker.ts), with the same results.
 */
import type { Article } from '../core/model.js';
import type { Matcher, MatchHit } from '../core/matcher/compile-matcher.js';
import { prepareArticle, type PreparedArticle } from '../core/matcher/prepare-article.js';
import { parseFeed } from '../feeds/parse-feed.js';
import type { ParseOptions } from '../feeds/types.js';

/** `none`: the first poll only remembers; `all`: alerts on everything; a number: items published that recently. */
export type Backfill = 'none' | 'all' | number;

/** What the poll knows before reading: plain data, so it can be posted to a worker. */
export interface ReadPlan {
  /** Ids already in the feed's item index: not extracted or matched again. */
  known: readonly string[];
  /** No index yet: new items are matched only as `backfill` says. */
  firstPoll: boolean;
  backfill: Backfill;
  now: number;
}

export interface FreshItem {
  article: Article;
  /** Clean title and body (display text), kept in the recent-article store. */
  title: string;
  text: string;
  hits: MatchHit[];
  /** Only when there are hits: the summary is built from it (posting every prepared article back costs more). */
  prepared?: PreparedArticle;
}

export interface ReadItems {
  title: string | null;
  warnings: string[];
  /** Every item's id, in feed order (known ones are marked seen again). */
  ids: string[];
  /** Items not in `known`, in feed order. */
  fresh: FreshItem[];
}

/** Reads a body with the subscriptions it was given (inline, or in a worker pool). */
export interface FeedItemReader {
  /** Takes `body` over: a pool transfers its bytes to a worker, leaving the caller's Buffer empty. */
  read(body: Buffer, opts: ParseOptions, plan: ReadPlan): Promise<ReadItems>;
}

export async function readFeedItems(body: Buffer, opts: ParseOptions, plan: ReadPlan, matcher: Matcher): Promise<ReadItems> {
  const parsed = await parseFeed(body, opts);
  const known = new Set(plan.known);
  const ids: string[] = [];
  const fresh: FreshItem[] = [];
  for (const article of parsed.articles) {
    ids.push(article.id);
    if (known.has(article.id)) continue;
    const prepared = prepareArticle(article.title, article.body);
    const hits = plan.firstPoll && !isBackfilled(article, plan.backfill, plan.now) ? [] : matcher.match(prepared);
    fresh.push({ article, title: prepared.title, text: prepared.text, hits, ...(hits.length ? { prepared } : {}) });
  }
  return { title: parsed.title, warnings: parsed.warnings, ids, fresh };
}

/** Today's path: everything on the calling thread (`workers: 0`). */
export function inlineReader(matcher: Matcher): FeedItemReader {
  return { read: (body, opts, plan) => readFeedItems(body, opts, plan, matcher) };
}

function isBackfilled(article: Article, backfill: Backfill, now: number): boolean {
  if (backfill === 'all') return true;
  if (backfill === 'none') return false;
  if (!article.published) return false;
  return Date.parse(article.published) >= now - backfill;
}
