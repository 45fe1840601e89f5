import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import type { FeedState } from '../core/ports.js';
import { FETCH_DEFAULTS } from '../core/defaults.js';
import { DEFAULT_USER_AGENT } from '../core/user-agent.js';
import { createAddressPolicy } from '../net/address-policy.js';
import { classifyError } from './classify-error.js';
import { FeedFetchError } from './errors.js';
import { DEFAULT_BACKOFF, initialFeedState, stateAfterFailure, stateAfterSuccess } from './feed-state.js';
import { createGuardedConnector } from '../net/guarded-connect.js';
import { httpGet } from './http-get.js';
import { createKeyedLimiter } from './limiter.js';
import { parseFeed } from './parse-feed.js';
import type { FeedFetcher, FeedReader, FeedSource, FetcherOptions, ReadOutcome } from './types.js';

type Fetched =
  | Exclude<ReadOutcome<never>, { kind: 'fetched' }>
  | { kind: 'body'; body: Buffer; url: string; contentType: string | undefined; validators: { etag: string | null; lastModified: string | null; bodyHash: string } };

export function createFetcher(opts: FetcherOptions): FeedFetcher {
  const timeoutMs = opts.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const maxBytes = opts.maxBytes ?? FETCH_DEFAULTS.maxBytes;
  const maxRedirects = opts.maxRedirects ?? FETCH_DEFAULTS.maxRedirects;
  const itemCap = opts.itemCap ?? FETCH_DEFAULTS.itemCap;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const clock = opts.clock;
  const policy = createAddressPolicy(opts);
  // Our own dispatcher for every request: no global dispatcher and no proxy environment variable applies.
  const agent = new Agent({
    connect: createGuardedConnector(policy, opts.lookup, Math.min(timeoutMs, 10_000)),
    keepAliveTimeout: 30_000,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const limitHost = createKeyedLimiter(opts.perHostConcurrency ?? FETCH_DEFAULTS.perHostConcurrency);

  let closing: Promise<void> | null = null;

  /** The HTTP part, under the host and global slots: the body is read (parsed) after both are released. */
  async function fetchOnce(feed: FeedSource, prev: FeedState): Promise<Fetched> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`total timeout of ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      const res = await httpGet(
        feed,
        { etag: prev.etag, lastModified: prev.lastModified },
        { dispatcher: agent, policy, userAgent, maxBytes, maxRedirects, timeoutMs, signal: controller.signal, now: () => clock.now() },
      );
      if (res.kind === 'not-modified') {
        const validators = { etag: res.etag ?? prev.etag, lastModified: res.lastModified ?? prev.lastModified };
        return { kind: 'not-modified', state: stateAfterSuccess(prev, clock.now(), validators) };
      }
      const validators = { etag: res.etag, lastModified: res.lastModified };
      const bodyHash = createHash('sha256').update(res.body).digest('hex');
      if (bodyHash === prev.bodyHash) {
        return { kind: 'unchanged', state: stateAfterSuccess(prev, clock.now(), { ...validators, bodyHash }) };
      }
      return { kind: 'body', body: res.body, url: res.url, contentType: res.contentType, validators: { ...validators, bodyHash } };
    } catch (err) {
      const error = classifyError(err, { feedId: feed.id, url: feed.url, timedOut, timeoutMs });
      return { kind: 'failed', error, state: stateAfterFailure(prev, error, clock.now(), backoff) };
    } finally {
      clearTimeout(timer);
    }
  }

  async function pollWith<R>(feed: FeedSource, state: FeedState | undefined, read: FeedReader<R>): Promise<ReadOutcome<R>> {
    const prev = state ?? initialFeedState();
    // fetch.concurrency (feeds in flight overall) is the poll scheduler's to enforce, once (runPool): a global
    // limit here too would let its slots wait on a busy host's. The host cap stays here for any caller.
    const fetched = await limitHost(hostKey(feed.url), () => fetchOnce(feed, prev));
    if (fetched.kind !== 'body') return fetched;
    try {
      const result = await read(fetched.body, {
        feedId: feed.id,
        url: fetched.url,
        ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
        itemCap,
        ...(feed.wireElements?.length ? { wireElements: feed.wireElements } : {}),
      });
      return { kind: 'fetched', result, state: stateAfterSuccess(prev, clock.now(), fetched.validators) };
    } catch (err) {
      // Whatever the reader threw is about the body, never the connection.
      const error = err instanceof FeedFetchError ? err : new FeedFetchError('parse',
        `cannot read feed: ${(err as Error)?.message ?? String(err)}`.slice(0, 300), { feedId: feed.id, url: fetched.url, cause: err });
      return { kind: 'failed', error, state: stateAfterFailure(prev, error, clock.now(), backoff) };
    }
  }

  return {
    async poll(feed, state) {
      const outcome = await pollWith(feed, state, parseFeed);
      if (outcome.kind !== 'fetched') return outcome;
      const { articles, title, warnings } = outcome.result;
      return { kind: 'fetched', articles, feedTitle: title, warnings, state: outcome.state };
    },
    pollWith,
    async close() {
      // Idempotent: the app and tests may both close it.
      if (closing) return closing;
      closing = agent.close();
      return closing;
    },
  };
}

/** The per-host key of both limits (the scheduler's and the fetcher's). */
export function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export { FeedFetchError };
export type { FeedFetcher, FeedReader, FeedSource, FetcherOptions, PollOutcome, ReadOutcome, LookupFunction } from './types.js';
