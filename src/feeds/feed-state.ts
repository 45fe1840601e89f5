import { exponentialBackoff } from '../core/backoff.js';
import type { FeedState } from '../core/ports.js';
import type { FeedFetchError } from './errors.js';

export const DEFAULT_BACKOFF = { baseMs: 60_000, maxMs: 3_600_000 };
/** A server's Retry-After is honoured up to a day, so one bad header cannot silence a feed for good. */
const MAX_RETRY_AFTER_MS = 86_400_000;

export function initialFeedState(): FeedState {
  return {
    etag: null,
    lastModified: null,
    bodyHash: null,
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastErrorAt: null,
    lastError: null,
    nextPollAt: null,
    failing: false,
  };
}

export function stateAfterSuccess(
  prev: FeedState,
  now: number,
  patch: Partial<Pick<FeedState, 'etag' | 'lastModified' | 'bodyHash'>>,
): FeedState {
  return {
    ...prev,
    ...patch,
    consecutiveFailures: 0,
    lastSuccessAt: now,
    nextPollAt: null,
  };
}

/** `failing` is the app's to set: it is carried over untouched. */
export function stateAfterFailure(
  prev: FeedState,
  error: FeedFetchError,
  now: number,
  backoff: { baseMs: number; maxMs: number },
): FeedState {
  const failures = prev.consecutiveFailures + 1;
  const delay =
    error.retryAfterMs !== undefined
      ? Math.min(Math.max(error.retryAfterMs, 0), MAX_RETRY_AFTER_MS)
      : exponentialBackoff(failures, backoff.baseMs, backoff.maxMs);
  return {
    ...prev,
    consecutiveFailures: failures,
    lastErrorAt: now,
    lastError: error.summary(),
    nextPollAt: now + delay,
  };
}

/** Retry-After as delta-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(at - now, 0);
}
