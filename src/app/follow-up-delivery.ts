/**
 * Delivery's part of the story lifecycle: each update, kill or "also reported by" (decided at poll time, in
 * the entry) finds the first alert's delivery record, which says whether to reply in its thread, edit it, post
 * on its own, or skip.
 */
import { FOLLOW_UP_REF, planFollowUp } from '../core/lifecycle/plan-follow-up.js';
import type { Alert } from '../core/model.js';
import type { FollowUpDelivery, Stores } from '../core/ports.js';

export type SendPlan =
  | { kind: 'send'; alert: Alert; followUp?: FollowUpDelivery; recordRef?: Record<string, string> }
  | { kind: 'skip'; reason: string };

/** How this entry goes out, given the channel's first alert of its story (for updates, kills and "also"). */
export async function planSend(alert: Alert, channelId: string, stores: Stores): Promise<SendPlan> {
  const kind = alert.kind ?? 'alert';
  if ((kind !== 'update' && kind !== 'kill' && kind !== 'also') || !alert.followUp) return { kind: 'send', alert };
  const original = await stores.outbox.getDelivery(channelId, alert.followUp.firstAlertId);
  const plan = planFollowUp(alert, original);
  if (plan.how === 'skip') return { kind: 'skip', reason: plan.reason };
  if (plan.how === 'plain') {
    const { followUp: _dropped, ...plain } = alert;
    return { kind: 'send', alert: { ...plain, kind: 'alert' } };
  }
  return {
    kind: 'send', alert,
    followUp: { how: plan.how, ...(original && plan.how !== 'standalone' ? { original } : {}) },
    // A later update of this outlet's copy stays out of the thread it joined (planFollowUp reads the mark).
    ...(kind === 'also' ? { recordRef: { [FOLLOW_UP_REF.also]: 'true' } } : {}),
  };
}

export const SKIPPED_REF = { [FOLLOW_UP_REF.skipped]: 'true' } as const;
