import { FeedFetchError } from './errors.js';
import { BLOCKED_CODE } from '../net/guarded-connect.js';
import { BodyTooLargeError, UnsupportedEncodingError } from './read-body.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

/** Turns whatever a poll threw into a FeedFetchError; `timedOut` says our total-time guard fired. */
export function classifyError(
  err: unknown,
  ctx: { feedId: string; url: string; timedOut: boolean; timeoutMs: number },
): FeedFetchError {
  if (err instanceof FeedFetchError) return err;
  const base = { feedId: ctx.feedId, url: ctx.url, cause: err };
  if (ctx.timedOut) return new FeedFetchError('timeout', `no complete response within ${ctx.timeoutMs} ms`, base);
  if (err instanceof BodyTooLargeError) return new FeedFetchError('too-large', err.message, base);
  if (err instanceof UnsupportedEncodingError) return new FeedFetchError('parse', err.message, base);
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (code === BLOCKED_CODE) return new FeedFetchError('blocked', message, base);
  if (code && DNS_CODES.has(code)) return new FeedFetchError('dns', message, base);
  if (code && TIMEOUT_CODES.has(code)) return new FeedFetchError('timeout', message, base);
  if (code?.startsWith('Z_')) return new FeedFetchError('parse', `bad compressed body: ${message}`, base);
  return new FeedFetchError('connect', message || 'connection failed', base);
}

/** The first `code` along the cause chain (undici wraps socket errors). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      // undici's generic socket/abort codes hide the more telling cause below them.
      const cause = (e as { cause?: unknown }).cause;
      if ((code === 'UND_ERR_SOCKET' || code === 'UND_ERR_ABORTED') && cause) {
        e = cause;
        continue;
      }
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
