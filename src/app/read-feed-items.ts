/**
 * The CPU-bound part of a poll: a fetched body → parsed items (rss-parser), the new ones text-extracted and
 * matched. Pure of the store and the network, so the same function runs inline on the main thread and in the
 * worker threads of read-pool.ts (read-worker.ts), with the same results.
 */
import type { Article } from '../core/model.js';
import type { Matcher, MatchHit } from '../core/matcher/compile-matcher.js';
import { prepareArticle, type PreparedArticle } from '../core/matcher/prepare-article.js';
import { RECENT_RAW_LIMIT } from '../core/defaults.js';
import { readStreamFeatures } from '../core/lifecycle/background-words.js';
import { hashItemText } from '../core/lifecycle/hash-item-text.js';
import { prepareStory, type PreparedStory } from '../core/lifecycle/prepare-story.js';
import { parseFeed } from '../feeds/parse-feed.js';
import type { ParseOptions } from '../feeds/types.js';

/** `none`: the first poll only remembers; `all`: alerts on everything; a number: items published that recently. */
export type Backfill = 'none' | 'all' | number;

/** What the poll knows before reading: plain data, so it can be posted to a worker. */
export interface ReadPlan {
  /** Ids already in the feed's item index: not extracted or matched again. */
  known: readonly string[];
  /**
   * The content hash each known item had (same order; 0 = not recorded): a known item whose headline or body
   * changed is read again, as a possible later version of its story (core/lifecycle).
   */
  knownHashes?: readonly number[];
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
  /** A known item whose content changed since it was indexed. */
  changed?: true;
  /**
   * Event features of the clean headline and lede, computed here (on a worker when there are workers) for every
   * extracted item that is not a changed version: the poll learns the stream's background words from all of them
   * (core/lifecycle/background-words).
   */
  features?: number[];
  /**
   * The story lifecycle's reading of the item (markers, fingerprints, sentences), prepared here for every extracted
   * item so the main thread does not (≈ 0.7 s of a 10,000-feed steady cycle there). `at` falls back to the plan's
   * `now` for an undated item; the lifecycle puts its own clock there.
   */
  story?: PreparedStory;
  /**
   * Nothing can match this item (a first poll that backfills nothing it holds), so it was not extracted:
   * `title` and `text` are the feed's markup, capped at RECENT_RAW_LIMIT. The recent-article store keeps it so and
   * extracts it only when a preview reads it.
   */
  raw?: true;
}


export interface ReadItems {
  title: string | null;
  warnings: string[];
  /** Every item's id, in feed order (known ones are marked seen again). */
  ids: string[];
  /** Each item's content hash, in the order of `ids`. */
  hashes: number[];
  /** Items not in `known`, or known with changed content, in feed order. */
  fresh: FreshItem[];
}

/** Reads a body with the subscriptions it was given (inline, or in a worker pool). */
export interface FeedItemReader {
  /** Takes `body` over: a pool transfers its bytes to a worker, leaving the caller's Buffer empty. */
  read(body: Buffer, opts: ParseOptions, plan: ReadPlan): Promise<ReadItems>;
}

export async function readFeedItems(body: Buffer, opts: ParseOptions, plan: ReadPlan, matcher: Matcher): Promise<ReadItems> {
  const parsed = await parseFeed(body, opts);
  const known = new Map<string, number>();
  plan.known.forEach((id, i) => known.set(id, plan.knownHashes?.[i] ?? 0));
  const ids: string[] = [];
  const hashes: number[] = [];
  const fresh: FreshItem[] = [];
  for (const article of parsed.articles) {
    const hash = hashItem(article);
    ids.push(article.id);
    hashes.push(hash);
    const knownHash = known.get(article.id);
    // An index written before hashes were kept (0) cannot tell a change: treat the item as unchanged.
    const changed = knownHash !== undefined && knownHash !== 0 && knownHash !== hash;
    if (knownHash !== undefined && !changed) continue;
    // A first poll with backfill none remembers every item and alerts on none: extracting and folding each body
    // was a fifth of such a cycle, for previews that read a few of them, if any.
    if (plan.firstPoll && !isBackfilled(article, plan.backfill, plan.now)) {
      fresh.push({ article, title: article.title.slice(0, RECENT_RAW_LIMIT), text: article.body.slice(0, RECENT_RAW_LIMIT), hits: [], raw: true });
      continue;
    }
    const prepared = prepareArticle(article.title, article.body);
    const hits = matcher.match(prepared);
    const story = prepareStory({ feedId: opts.feedId, id: article.id, title: prepared.title, body: prepared.text, link: article.link,
      published: article.published, ...(article.wire ? { wire: article.wire } : {}) }, plan.now);
    fresh.push({ article, title: prepared.title, text: prepared.text, hits, story, ...(hits.length ? { prepared } : {}),
      // A changed version is the same article again, not one more in the stream.
      ...(changed ? { changed: true as const } : { features: readStreamFeatures(prepared.title, prepared.text) }) });
  }
  return { title: parsed.title, warnings: parsed.warnings, ids, hashes, fresh };
}

/** Today's path: everything on the calling thread (`workers: 0`). */
export function inlineReader(matcher: Matcher): FeedItemReader {
  return { read: (body, opts, plan) => readFeedItems(body, opts, plan, matcher) };
}

/**
 * Raw headline + body, whitespace runs ignored: a cheap first test of "did this item change". Whether the change
 * is material (markup, punctuation, tracking parameters are not) is the lifecycle's call on the clean text.
 */
function hashItem(article: Article): number {
  return hashItemText(article.title, article.body);
}

function isBackfilled(article: Article, backfill: Backfill, now: number): boolean {
  if (backfill === 'all') return true;
  if (backfill === 'none') return false;
  if (!article.published) return false;
  return Date.parse(article.published) >= now - backfill;
}
