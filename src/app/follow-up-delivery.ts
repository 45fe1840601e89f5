/**
 * Delivery's part of the story lifecycle. Before a claimed batch is sent, first alerts of an event the channel
 * already has become "also reported by" (core/lifecycle/plan-cluster), decided once per alert and saved before
 * any send, so a retry or a restart sends the same thing. Each update, kill or "also" then finds the first
 * alert's delivery record, which says whether to reply in its thread, edit it, post on its own, or skip.
 */
import { openClusterBatch } from '../core/lifecycle/plan-cluster.js';
import { FOLLOW_UP_REF, planFollowUp } from '../core/lifecycle/plan-follow-up.js';
import type { Alert, ChannelTarget } from '../core/model.js';
import type { FollowUpDelivery, OutboxEntry, Stores } from '../core/ports.js';
import type { LifecycleWindow } from './plan-story-alerts.js';

export interface ClusterContext {
  stores: Stores;
  now: number;
  lifecycle?: LifecycleWindow | undefined;
}

export async function clusterEntries(entries: readonly OutboxEntry[], target: ChannelTarget, ctx: ClusterContext): Promise<OutboxEntry[]> {
  if (target.clustersOff || !entries.some((e) => e.cluster || e.alert.kind === 'kill')) return [...entries];
  const initial = await ctx.stores.stories.loadChannel(target.id);
  const batch = openClusterBatch(initial, {
    now: ctx.now, ...(ctx.lifecycle ? { windowMs: ctx.lifecycle.windowMs, threshold: ctx.lifecycle.threshold } : {}),
  });
  const out: OutboxEntry[] = [];
  for (const entry of entries) {
    const { alert } = entry;
    if (alert.kind === 'kill' && alert.followUp) batch.markKilled(alert.followUp.firstAlertId);
    if (!entry.cluster || (alert.kind ?? 'alert') !== 'alert') {
      out.push(entry);
      continue;
    }
    const decision = batch.decide({ itemId: alert.id, ...entry.cluster });
    out.push(decision.kind === 'also' ? { ...entry, alert: toAlso(alert, decision.rootKey) } : entry);
  }
  const state = batch.finish();
  if (state !== initial) await ctx.stores.stories.saveChannel(target.id, state);
  return out;
}

function toAlso(alert: Alert, rootKey: string): Alert {
  return { ...alert, kind: 'also', followUp: { firstAlertId: rootKey } };
}

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
