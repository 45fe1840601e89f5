import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { AddressPolicy } from '../net/address-policy.js';
import { FeedFetchError } from './errors.js';
import { parseRetryAfter } from './feed-state.js';
import { refuseLiteralHost } from '../net/guarded-connect.js';
import { readCappedBody } from './read-body.js';
import { splitCredentials } from './redact-url.js';
import type { FeedSource } from './types.js';

export interface HttpContext {
  dispatcher: Dispatcher;
  policy: AddressPolicy;
  userAgent: string;
  maxBytes: number;
  maxRedirects: number;
  timeoutMs: number;
  signal: AbortSignal;
  now: () => number;
}

export type HttpOutcome =
  | { kind: 'not-modified'; url: string; etag: string | null; lastModified: string | null }
  | { kind: 'ok'; url: string; body: Buffer; contentType?: string; etag: string | null; lastModified: string | null };

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * One conditional GET with manual redirects: each hop is checked against the address policy, and secret
 * headers (the feed's own and URL credentials) are dropped when a redirect leaves the feed's origin.
 */
export async function httpGet(
  feed: FeedSource,
  cond: { etag: string | null; lastModified: string | null },
  ctx: HttpContext,
): Promise<HttpOutcome> {
  let url: URL;
  let authorization: string | null;
  try {
    ({ url, authorization } = splitCredentials(feed.url));
  } catch {
    throw new FeedFetchError('blocked', 'not a valid URL', { feedId: feed.id, url: feed.url });
  }
  const origin = url.origin;
  const secret = secretHeaders(feed.headers, authorization);
  for (let hop = 0; ; hop++) {
    const fail = (kind: FeedFetchError['kind'], message: string, extra: { status?: number; retryAfterMs?: number } = {}) =>
      new FeedFetchError(kind, message, { feedId: feed.id, url: url.toString(), ...extra });
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('blocked', `unsupported scheme ${url.protocol}`);
    const refusal = refuseLiteralHost(ctx.policy, url);
    if (refusal) throw fail('blocked', `refused to connect to ${url.hostname}: ${refusal}`);

    const headers: Record<string, string> = {
      'user-agent': ctx.userAgent,
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
      ...(url.origin === origin ? secret : {}),
    };
    if (hop === 0 || url.origin === origin) {
      if (cond.etag) headers['if-none-match'] = cond.etag;
      if (cond.lastModified) headers['if-modified-since'] = cond.lastModified;
    }
    const res = await request(url, {
      method: 'GET',
      headers,
      dispatcher: ctx.dispatcher,
      signal: ctx.signal,
      headersTimeout: ctx.timeoutMs,
      bodyTimeout: ctx.timeoutMs,
    });
    const status = res.statusCode;
    const header = (name: string) => {
      const v = res.headers[name];
      return (Array.isArray(v) ? v[0] : v) ?? undefined;
    };
    const location = header('location');
    if (REDIRECTS.has(status) && location) {
      await discard(res.body);
      if (hop >= ctx.maxRedirects) throw fail('http', `more than ${ctx.maxRedirects} redirects`, { status });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw fail('http', 'redirect to an invalid URL', { status });
      }
      const split = splitCredentials(next.toString());
      url = split.url;
      if (split.authorization && url.origin === origin) secret['authorization'] = split.authorization;
      continue;
    }
    const validators = { etag: header('etag') ?? null, lastModified: header('last-modified') ?? null };
    if (status === 304) {
      await discard(res.body);
      return { kind: 'not-modified', url: url.toString(), ...validators };
    }
    if (status < 200 || status > 299) {
      await discard(res.body);
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header('retry-after'), ctx.now()) : undefined;
      throw fail('http', `HTTP ${status}`, { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    }
    const encoding = header('content-encoding');
    const length = Number(header('content-length'));
    if ((!encoding || encoding === 'identity') && length > ctx.maxBytes) {
      quietlyDestroy(res.body);
      throw fail('too-large', `content-length ${length} exceeds ${ctx.maxBytes} bytes`);
    }
    const body = await readCappedBody(res.body as unknown as Readable, encoding, ctx.maxBytes);
    const contentType = header('content-type');
    return { kind: 'ok', url: url.toString(), body, ...(contentType ? { contentType } : {}), ...validators };
  }
}

/** Header names lower-cased so a feed's `Authorization` replaces the one built from URL credentials. */
function secretHeaders(extra: Record<string, string> | undefined, authorization: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (authorization) out['authorization'] = authorization;
  for (const [name, value] of Object.entries(extra ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** undici bodies emit an abort error when destroyed without one; nobody is listening any more. */
function quietlyDestroy(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Drains a small error/redirect body so the keep-alive socket can be reused; big ones just close it. */
async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    // The socket is simply not reused.
  }
}
