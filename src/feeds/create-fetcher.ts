import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import type { FeedState } from '../core/ports.js';
import { createAddressPolicy } from './address-policy.js';
import { classifyError } from './classify-error.js';
import { FeedFetchError } from './errors.js';
import { DEFAULT_BACKOFF, initialFeedState, stateAfterFailure, stateAfterSuccess } from './feed-state.js';
import { createGuardedConnector } from './guarded-connect.js';
import { httpGet } from './http-get.js';
import { createKeyedLimiter, createLimiter } from './limiter.js';
import { parseFeed } from './parse-feed.js';
import type { FeedFetcher, FeedSource, FetcherOptions, PollOutcome } from './types.js';

export const DEFAULT_USER_AGENT = 'newsbot/0.1 (wire alert bot; +https://github.com/newsbot/newsbot)';
export const FETCH_DEFAULTS = {
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  itemCap: 5_000,
  concurrency: 16,
  perHostConcurrency: 4,
} as const;

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
  const limitAll = createLimiter(opts.concurrency ?? FETCH_DEFAULTS.concurrency);
  const limitHost = createKeyedLimiter(opts.perHostConcurrency ?? FETCH_DEFAULTS.perHostConcurrency);

  let closing: Promise<void> | null = null;

  async function pollOnce(feed: FeedSource, prev: FeedState): Promise<PollOutcome> {
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
      const parsed = await parseFeed(res.body, {
        feedId: feed.id,
        url: res.url,
        ...(res.contentType ? { contentType: res.contentType } : {}),
        itemCap,
      });
      return {
        kind: 'fetched',
        articles: parsed.articles,
        feedTitle: parsed.title,
        warnings: parsed.warnings,
        state: stateAfterSuccess(prev, clock.now(), { ...validators, bodyHash }),
      };
    } catch (err) {
      const error = classifyError(err, { feedId: feed.id, url: feed.url, timedOut, timeoutMs });
      return { kind: 'failed', error, state: stateAfterFailure(prev, error, clock.now(), backoff) };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async poll(feed, state) {
      const prev = state ?? initialFeedState();
      // Host slot first: polls queued behind a busy host must not hold global slots other hosts could use.
      return limitHost(hostKey(feed.url), () => limitAll(() => pollOnce(feed, prev)));
    },
    async close() {
      // Idempotent: the app and tests may both close it.
      if (closing) return closing;
      closing = agent.close();
      return closing;
    },
  };
}

function hostKey(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export { FeedFetchError };
export type { FeedFetcher, FeedSource, FetcherOptions, PollOutcome, LookupFunction } from './types.js';
