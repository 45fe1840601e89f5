import { createHash } from 'node:crypto';
import { exponentialBackoff } from '../backoff.js';
import type { Alert } from '../model.js';

/** One outbox entry per (channel, item identity): the same story reaches a channel once, whatever the feed. */
export function outboxKey(channel: string, itemId: string): string {
  return `${channel}\u0000${itemId}`;
}

/**
 * The outbox key of any alert. A story's first alert and an "also reported by" are keyed by their item as
 * ever (so the channel gets an item once). An update is keyed by its version, so each version follows once
 * and the same version polled again (or by a second instance) is the same entry; a kill once per first alert.
 */
export function outboxKeyOf(alert: Pick<Alert, 'channel' | 'id' | 'kind' | 'followUp'>): string {
  const followUp = alert.followUp;
  if (alert.kind === 'update' && followUp) return `${alert.channel}\u0000update\u0000${alert.id}\u0000${followUp.version ?? ''}`;
  if (alert.kind === 'kill' && followUp) return `${alert.channel}\u0000kill\u0000${followUp.firstAlertId}`;
  return outboxKey(alert.channel, alert.id);
}

/** Stable per outbox key and within Discord's 25-character nonce limit, so a resend is recognised. */
export function deliveryNonce(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/** The backoff curve; `retryAfterMs` from the platform wins when it is longer. */
export function computeRetryDelay(attempts: number, baseMs: number, maxMs: number, retryAfterMs?: number): number {
  return Math.max(exponentialBackoff(attempts, baseMs, maxMs), retryAfterMs ?? 0);
}
