/**
 * One JSON POST to a URL from the config or the environment, and what its answer means for the outbox: 2xx
 * delivered; 429, 408 and 5xx retried (after Retry-After when given); 403/404/410 disable the channel (the
 * endpoint is gone or refuses us); other answers are retried with backoff so no alert is lost to a receiver bug.
 * Redirects are never followed: a webhook that moved is a config change, not something to chase.
 */
import { request, type Dispatcher } from 'undici';
import type { DeliveryResult } from '../../core/ports.js';

export interface PostJsonOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  /** The connection pool; the webhook platform passes one that applies the address policy. */
  dispatcher?: Dispatcher;
  /** The injected clock, for Retry-After given as a date. */
  now: () => number;
}

export interface PostAnswer {
  status: number;
  retryAfterMs: number | undefined;
  /** The first bytes of the answer, for error messages and message ids. */
  text: string;
}

const ANSWER_MAX_BYTES = 16 * 1024;
const GONE = new Set([403, 404, 410]);

export async function postJson(url: string, body: string, opts: PostJsonOptions): Promise<PostAnswer> {
  const res = await request(url, {
    method: 'POST', body, headers: opts.headers,
    headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, signal: AbortSignal.timeout(opts.timeoutMs),
    ...(opts.dispatcher && { dispatcher: opts.dispatcher }),
  });
  const text = await readCapped(res.body);
  const retryAfter = res.headers['retry-after'];
  return { status: res.statusCode, retryAfterMs: parseRetryAfterHeader(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, opts.now()), text };
}

/** What an answer means; `label` names the platform in the error text (`webhook 503: …`). */
export function classifyAnswer(answer: PostAnswer, label: string): DeliveryResult {
  if (answer.status >= 200 && answer.status < 300) return { ok: true, messageId: null };
  const error = `${label} ${answer.status}${answer.text ? `: ${oneLine(answer.text)}` : ''}`;
  if (GONE.has(answer.status)) return { ok: false, retry: false, error };
  if (answer.status >= 300 && answer.status < 400) return { ok: false, retry: false, error: `${label} ${answer.status}: redirects are not followed; point the config at the final URL` };
  return { ok: false, retry: true, error, ...(answer.retryAfterMs !== undefined && { retryAfterMs: answer.retryAfterMs }) };
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfterHeader(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : undefined;
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= ANSWER_MAX_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, ANSWER_MAX_BYTES).toString('utf8');
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
