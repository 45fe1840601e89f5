import type { Article } from '../core/model.js';
import type { Clock, FeedState } from '../core/ports.js';
import type { FeedFetchError } from './errors.js';

/** One feed as the fetcher sees it. Basic-auth credentials may sit in the URL userinfo. */
export interface FeedSource {
  id: string;
  url: string;
  /** Item elements to keep for urgency (`urgency.from` of the feed), beyond the ones always read. */
  wireElements?: string[];
  /** Extra request headers (API keys, Authorization). Values are secrets: never logged. */
  headers?: Record<string, string>;
}

export type { LookupAddress, LookupFunction } from '../net/guarded-connect.js';
import type { LookupFunction } from '../net/guarded-connect.js';

export interface FetcherOptions {
  /** Total time for one poll, body included (default 20 000). */
  timeoutMs?: number;
  /** Decoded body cap, counted after gzip/deflate/br (default 10 MiB). */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  /** Items kept per poll (default 5 000). */
  itemCap?: number;
  /** Lets the fetcher reach loopback/private/link-local addresses (default false). */
  allowPrivateNetworks?: boolean;
  /** CIDRs (`10.1.2.0/24`, `fd00::/8`) or host names the private-address rule does not apply to. */
  allowHosts?: string[];
  /** Polls in flight per host (default 4). */
  perHostConcurrency?: number;
  lookup?: LookupFunction;
  clock: Clock;
  /** Exponential backoff after consecutive failures (default 60 s doubling up to 1 h). */
  backoff?: { baseMs: number; maxMs: number };
}

export type PollOutcome =
  | { kind: 'not-modified'; state: FeedState }
  /** Same body hash as last time: not parsed again. */
  | { kind: 'unchanged'; state: FeedState }
  | { kind: 'fetched'; articles: Article[]; feedTitle: string | null; state: FeedState; warnings: string[] }
  | { kind: 'failed'; error: FeedFetchError; state: FeedState };

/** A poll whose body is read by `read` (a worker pool may run it) after the fetch slots are released. */
export type ReadOutcome<R> =
  | { kind: 'not-modified'; state: FeedState }
  | { kind: 'unchanged'; state: FeedState }
  | { kind: 'fetched'; result: R; state: FeedState }
  | { kind: 'failed'; error: FeedFetchError; state: FeedState };

/** Reads a fetched body; what it throws fails the poll (a FeedFetchError as it is, anything else as `parse`). */
export type FeedReader<R> = (body: Buffer, opts: ParseOptions) => Promise<R>;

export interface FeedFetcher {
  /** Never throws for feed problems: failures come back classified with the next state. */
  poll(feed: FeedSource, state: FeedState | undefined): Promise<PollOutcome>;
  /** The same poll with the body read by `read` instead of parseFeed. */
  pollWith<R>(feed: FeedSource, state: FeedState | undefined, read: FeedReader<R>): Promise<ReadOutcome<R>>;
  close(): Promise<void>;
}

export type FeedFormat = 'rss2' | 'rss1' | 'rss09' | 'atom' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** De-duplicated by identity (the later item wins), at most itemCap. */
  articles: Article[];
  /** Degradations worth a log line: charset guessed, XML repaired, items capped or skipped. */
  warnings: string[];
}

export interface ParseOptions {
  feedId: string;
  /** The document URL (after redirects): the last base for relative links. */
  url: string;
  contentType?: string;
  itemCap?: number;
  /** Item elements to keep in Article.wire beyond the default ones (see FeedSource.wireElements). */
  wireElements?: string[];
}
