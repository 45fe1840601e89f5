import { redactUrl } from './redact-url.js';

export type FeedFetchErrorKind =
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'http'
  | 'too-large'
  | 'not-a-feed'
  | 'parse'
  | 'blocked';

/** A classified feed failure. `url` never carries credentials or secret-looking query values. */
export class FeedFetchError extends Error {
  readonly feedId: string;
  readonly url: string;
  readonly kind: FeedFetchErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    kind: FeedFetchErrorKind,
    message: string,
    ctx: { feedId: string; url: string; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.name = 'FeedFetchError';
    this.kind = kind;
    this.feedId = ctx.feedId;
    this.url = redactUrl(ctx.url);
    if (ctx.status !== undefined) this.status = ctx.status;
    if (ctx.retryAfterMs !== undefined) this.retryAfterMs = ctx.retryAfterMs;
  }

  /** The `lastError` form stored in FeedState. */
  summary(): string {
    return `${this.kind}: ${this.message}`;
  }
}
