import { describe, expect, it } from 'vitest';
import {
  buildWebhookHeaders, DEFAULT_REPLAY_WINDOW_MS, signWebhookBody, verifyWebhookSignature, WEBHOOK_HEADERS,
} from '../../../../src/platforms/webhook/sign-webhook.js';

const SECRET = 'whsec-test';
const BODY = '{"id":"a"}';
// From `printf '%s' '1700000000.{"id":"a"}' | openssl dgst -sha256 -hmac whsec-test`: an outside oracle.
const OPENSSL_HEX = 'd4dd0b6596000ae097b77725700bfa5351452d095abb19f5a20f184344cb7c97';
const NOW = 1_700_000_000_000;

describe('webhook signing', () => {
  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, prefixed v1=', () => {
    expect(signWebhookBody(SECRET, '1700000000', BODY)).toBe(`v1=${OPENSSL_HEX}`);
    expect(signWebhookBody(SECRET, '1700000000', Buffer.from(BODY))).toBe(`v1=${OPENSSL_HEX}`);
  });

  it('builds the headers of one POST with a seconds timestamp from the injected clock', () => {
    const headers = buildWebhookHeaders({ secret: SECRET, body: BODY, nowMs: NOW + 999, idempotencyKey: 'k1' });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'X-Newsbot-Timestamp': '1700000000',
      'X-Newsbot-Signature': `v1=${OPENSSL_HEX}`,
      'Idempotency-Key': 'k1',
      'X-Newsbot-Schema': 'alert-v1',
    });
  });

  it('verifies a fresh request and refuses tampering, other secrets, replays and missing headers', () => {
    const headers = buildWebhookHeaders({ secret: SECRET, body: BODY, nowMs: NOW, idempotencyKey: 'k1' });
    const base = { secrets: SECRET, body: BODY, timestamp: headers[WEBHOOK_HEADERS.timestamp], signature: headers[WEBHOOK_HEADERS.signature], nowMs: NOW + 2000 };
    expect(verifyWebhookSignature(base)).toEqual({ ok: true, timestamp: 1_700_000_000 });
    expect(verifyWebhookSignature({ ...base, body: '{"id":"b"}' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhookSignature({ ...base, secrets: 'other' })).toEqual({ ok: false, reason: 'bad-signature' });
    // The same signature with a moved timestamp does not verify: the timestamp is signed too.
    expect(verifyWebhookSignature({ ...base, timestamp: '1700000001' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyWebhookSignature({ ...base, nowMs: NOW + DEFAULT_REPLAY_WINDOW_MS + 1000 })).toEqual({ ok: false, reason: 'outside-window' });
    expect(verifyWebhookSignature({ ...base, nowMs: NOW - DEFAULT_REPLAY_WINDOW_MS - 1000 })).toEqual({ ok: false, reason: 'outside-window' });
    expect(verifyWebhookSignature({ ...base, nowMs: NOW + 60_000, windowMs: 30_000 })).toEqual({ ok: false, reason: 'outside-window' });
    expect(verifyWebhookSignature({ ...base, timestamp: '17e8' })).toEqual({ ok: false, reason: 'malformed-timestamp' });
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing-header' });
    expect(verifyWebhookSignature({ ...base, signature: OPENSSL_HEX })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts any of several secrets and any of several v1 entries (rotation)', () => {
    const signature = `v1=${'0'.repeat(64)}, v1=${OPENSSL_HEX}`;
    const input = { body: BODY, timestamp: '1700000000', signature, nowMs: NOW };
    expect(verifyWebhookSignature({ ...input, secrets: ['new-secret', SECRET] }).ok).toBe(true);
    expect(verifyWebhookSignature({ ...input, secrets: ['new-secret'] }).ok).toBe(false);
  });
});
