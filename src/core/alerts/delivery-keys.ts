import { createHash } from 'node:crypto';
import { exponentialBackoff } from '../backoff.js';

/** One outbox entry per (channel, item identity): the same story reaches a channel once, whatever the feed. */
export function outboxKey(channel: string, itemId: string): string {
  return `${channel}\u0000${itemId}`;
}

/** Stable per outbox key and within Discord's 25-character nonce limit, so a resend is recognised. */
export function deliveryNonce(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/** The backoff curve; `retryAfterMs` from the platform wins when it is longer. */
export function computeRetryDelay(attempts: number, baseMs: number, maxMs: number, retryAfterMs?: number): number {
  return Math.max(exponentialBackoff(attempts, baseMs, maxMs), retryAfterMs ?? 0);
}
