/**
 * Delivery time: how an update, kill or "also reported by" follows the channel's first alert of its story,
 * given what that first delivery left behind (its message id and references), or that there is none.
 */
import type { Alert } from '../model.js';

/** What a follow-up needs to know of the first delivery (core/ports DeliveryRecord fits). */
export interface FirstDelivery {
  messageId: string | null;
  ref: Readonly<Record<string, string>>;
}

export type FollowUpPlan =
  | { how: 'reply' | 'edit' | 'standalone' }
  /** Send as a plain alert of its own (an "also reported by" whose first alert cannot be followed). */
  | { how: 'plain' }
  | { how: 'skip'; reason: string };

/** Delivery record references the app writes, read back here. */
export const FOLLOW_UP_REF = {
  /** The first alert went out inside a digest: there is no message of its own to reply to or edit. */
  digest: 'digest',
  /** The entry was settled without a message (skipped follow-up). */
  skipped: 'skipped',
  /** The alert went out as "also reported by" another outlet's alert: its story lives in that thread. */
  also: 'also',
} as const;

export function planFollowUp(alert: Pick<Alert, 'kind' | 'followUp'>, first: FirstDelivery | undefined): FollowUpPlan {
  const has = (name: string) => first?.ref[name] === 'true';
  // A record without a message id is a posted alert on a platform that has none (console, webhook): its
  // follow-ups are lines or POSTs of their own. Only the skipped mark says the first alert was not posted.
  const posted = first !== undefined && !has(FOLLOW_UP_REF.skipped);
  const inDigest = has(FOLLOW_UP_REF.digest);
  const followable = posted && first.messageId !== null && !inDigest;
  const withoutMessage = posted && first.messageId === null && !inDigest;
  switch (alert.kind) {
    case 'update':
      if (has(FOLLOW_UP_REF.also)) return { how: 'skip', reason: 'the story went out as another outlet\'s "also reported by"' };
      if (first && !posted) return { how: 'skip', reason: 'the first alert was not posted' };
      // `updates: new`, a first alert gone from the store, or one inside a digest: a message of its own.
      return alert.followUp?.standalone || !followable ? { how: 'standalone' } : { how: 'reply' };
    case 'kill':
      if (followable) return { how: 'edit' };
      if (inDigest || withoutMessage) return { how: 'standalone' };
      return { how: 'skip', reason: first ? 'the first alert was not posted' : 'no record of the first alert' };
    case 'also':
      if (has(FOLLOW_UP_REF.also)) return { how: 'plain' };
      if (followable) return { how: 'reply' };
      return withoutMessage ? { how: 'standalone' } : { how: 'plain' };
    default:
      return { how: 'plain' };
  }
}
