/**
 * Webhook signing, the part receivers reimplement (README "Webhooks"): HMAC-SHA256 over
 * `<timestamp>.<body>` with the shared secret, sent as `X-Newsbot-Signature: v1=<hex>` next to
 * `X-Newsbot-Timestamp: <unix seconds>`. Signing the timestamp with the body lets a receiver refuse a captured
 * request replayed later; `Idempotency-Key` lets it drop a resend of an alert it already has.
 * Pure functions: the clock is passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  timestamp: 'X-Newsbot-Timestamp',
  signature: 'X-Newsbot-Signature',
  idempotencyKey: 'Idempotency-Key',
  /** Names the body's JSON Schema (schemas/<value>.schema.json). */
  schema: 'X-Newsbot-Schema',
} as const;

export const SIGNATURE_SCHEME = 'v1';
export const ALERT_SCHEMA_VERSION = 'alert-v1';
/** How far a timestamp may be from the receiver's clock, either way, by default. */
export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60 * 1000;

/** `v1=<hex>` for `body` sent at `timestamp` (unix seconds, as a decimal string). */
export function signWebhookBody(secret: string, timestamp: string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `${SIGNATURE_SCHEME}=${mac}`;
}

/** The headers of one POST: a fresh timestamp per attempt, so a retry hours later is still inside the window. */
export function buildWebhookHeaders(input: { secret: string; body: string; nowMs: number; idempotencyKey: string }): Record<string, string> {
  const timestamp = String(Math.floor(input.nowMs / 1000));
  return {
    'content-type': 'application/json',
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.signature]: signWebhookBody(input.secret, timestamp, input.body),
    [WEBHOOK_HEADERS.idempotencyKey]: input.idempotencyKey,
    [WEBHOOK_HEADERS.schema]: ALERT_SCHEMA_VERSION,
  };
}

export type WebhookVerdict =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing-header' | 'malformed-timestamp' | 'outside-window' | 'bad-signature' };

export interface VerifyWebhookInput {
  /** One secret, or several while a secret is being rotated (any may match). */
  secrets: string | readonly string[];
  /** The raw request body, byte for byte as received (not re-serialised JSON). */
  body: string | Buffer;
  timestamp: string | undefined;
  /** The header value; several `v1=…` entries separated by commas are accepted. */
  signature: string | undefined;
  nowMs: number;
  windowMs?: number;
}

/**
 * The receiver's check: the signature must match and the timestamp must lie within `windowMs` of `nowMs`. A
 * request replayed after the window fails even with its original signature; within the window receivers drop
 * repeats by `Idempotency-Key`.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerdict {
  if (!input.timestamp || !input.signature) return { ok: false, reason: 'missing-header' };
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'malformed-timestamp' };
  const seconds = Number(input.timestamp);
  if (Math.abs(input.nowMs - seconds * 1000) > (input.windowMs ?? DEFAULT_REPLAY_WINDOW_MS)) {
    return { ok: false, reason: 'outside-window' };
  }
  const offered = input.signature.split(',').map((part) => part.trim()).filter((part) => part.startsWith(`${SIGNATURE_SCHEME}=`));
  const secrets = typeof input.secrets === 'string' ? [input.secrets] : input.secrets;
  for (const secret of secrets) {
    const expected = Buffer.from(signWebhookBody(secret, input.timestamp, input.body));
    for (const candidate of offered) {
      const given = Buffer.from(candidate);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true, timestamp: seconds };
    }
  }
  return { ok: false, reason: 'bad-signature' };
}
