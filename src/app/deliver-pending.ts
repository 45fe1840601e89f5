import { readSummaryRuns } from '../core/summary/summary-runs.js';
import type { ChannelTarget } from '../core/model.js';
import type { DeliveryResult, OutboxEntry, Platform, Stores } from '../core/ports.js';
import { deliverHeldStep, holdsAlerts } from './deliver-held.js';
import { planSend, SKIPPED_REF } from './follow-up-delivery.js';
import type { DeliveryContext, DeliveryReport, SendGate } from './delivery-context.js';
import { recordDelivery } from './record-delivery.js';
import { sendSafely, settleFailedSend } from './settle-send.js';

export type { DeliveryContext, DeliveryReport, SendGate };

/**
 * Console and Slack cannot recognise a resend, so a crash between their answer and our record repeats the
 * alert. Sending to them one at a time per process bounds that to at most one repeated alert per crash.
 */
export function createSendGate(): SendGate {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(work) {
      const result = tail.then(work);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}


/** Entries read and claimed per channel at a time. */
const BATCH = 50;
const HELD_BATCH = 1000;

/** Delivers every due outbox entry, channel by channel in parallel, in order within a channel. */
export async function deliverPending(ctx: DeliveryContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, notDue: 0, blocked: 0, claimed: 0, held: 0 };
  const channelIds = await ctx.stores.outbox.channelsWithPending();
  await Promise.all(channelIds.map((id) => deliverChannel(id, ctx, report)));
  return report;
}

async function deliverChannel(channelId: string, ctx: DeliveryContext, report: DeliveryReport): Promise<void> {
  const { stores, clock } = ctx;
  const target = ctx.channels().get(channelId);
  if (!target) {
    report.blocked++;
    return;
  }
  const platform = ctx.platforms.get(target.platform);
  const disabled = await stores.channelState.get(channelId);
  if (!platform || disabled?.disabledReason) {
    report.blocked++;
    return;
  }
  const snoozes = await stores.snoozes.forChannel(channelId);
  const holds = holdsAlerts(target, snoozes);
  for (;;) {
    if (ctx.signal?.aborted) return;
    // Held alerts stay at the head of the queue: a channel that holds them reads further to find what may go now.
    const batch = await stores.outbox.pending(channelId, holds ? HELD_BATCH : BATCH);
    if (batch.length === 0) return;
    // Per-channel order: a head entry that is not due yet holds back the ones behind it.
    const now = clock.now();
    let due = 0;
    while (due < batch.length && batch[due]!.nextAttemptAt <= now) due++;
    if (due === 0) {
      report.notDue++;
      return;
    }
    if (holds) {
      const outcome = await deliverHeldStep(batch.slice(0, due), { id: channelId, target, platform, snoozes }, ctx, report,
        (entry) => deliverOne(entry, channelId, target, platform, ctx, report));
      if (outcome === 'next') continue;
      return;
    }
    const keys = batch.slice(0, due).map((e) => e.key);
    // One transaction claims the batch; each entry is still sent, then recorded (complete + seen mark) on its own.
    const claim = { at: clock.now(), held: await stores.outbox.claimMany(keys, ctx.owner, ctx.claimTtlMs) };
    if (claim.held === 0) {
      report.claimed++;
      return;
    }
    const stop = await deliverClaimed(batch.slice(0, claim.held), claim, channelId, target, platform, ctx, report);
    if (stop !== 'next') {
      // Claims on entries not sent are given back, so a restart or another instance need not wait them out.
      await stores.outbox.releaseClaims(keys.slice(stop.lastTouched + 1, claim.held), ctx.owner);
      return;
    }
    // A short batch, all of it due and claimed, was the whole queue: what is queued since then kicked another round
    // (onAlertsQueued), so a read that would find nothing is saved (half of the queue reads in bench/pipeline). One
    // with entries not due or claimed elsewhere reads again, so the report counts them (drain waits them out).
    if (batch.length < BATCH && due === batch.length && claim.held === due) return;
  }
}

/** Claims and sends one entry; true when it was delivered. */
async function deliverOne(entry: OutboxEntry, channelId: string, target: ChannelTarget, platform: Platform,
  ctx: DeliveryContext, report: DeliveryReport): Promise<boolean> {
  const claim = { at: ctx.clock.now(), held: await ctx.stores.outbox.claimMany([entry.key], ctx.owner, ctx.claimTtlMs) };
  if (claim.held === 0) {
    report.claimed++;
    return false;
  }
  const before = report.delivered;
  const stop = await deliverClaimed([entry], claim, channelId, target, platform, ctx, report);
  return stop === 'next' && report.delivered > before;
}

/** A batch claimed fresher than this is used as is; an older one is re-claimed entry by entry before its send. */
function isFresh(claimedAt: number, ctx: DeliveryContext): boolean {
  return ctx.clock.now() - claimedAt < ctx.claimTtlMs / 4;
}

async function deliverClaimed(claimed: OutboxEntry[], claim: { at: number }, channelId: string, target: ChannelTarget,
  platform: Platform, ctx: DeliveryContext, report: DeliveryReport): Promise<'next' | { lastTouched: number }> {
  const { stores, clock } = ctx;
  for (let i = 0; i < claimed.length; i++) {
    const entry = claimed[i]!;
    const attempt = entry.attempts + 1;
    let sentAt = 0;
    // Send and record as one step; for gated platforms waiting in the gate can outlast the batch claim, so a
    // claim grown old is taken again (renewed, or lost to another instance) before the send.
    const claimSendRecord = async (): Promise<DeliveryResult | 'shutting-down' | 'claimed-elsewhere'> => {
      if (ctx.signal?.aborted) return 'shutting-down';
      let claimedAt = claim.at;
      if (!isFresh(claimedAt, ctx)) {
        claimedAt = clock.now();
        if (!(await stores.outbox.claim(entry.key, ctx.owner, ctx.claimTtlMs))) return 'claimed-elsewhere';
      }
      // An entry queued by a version that stored the summary as `**…**` text is read back as runs.
      const queued = Array.isArray(entry.alert.summary) ? entry.alert : { ...entry.alert, summary: readSummaryRuns(entry.alert.summary) };
      const plan = await planSend(queued, channelId, stores);
      const result: DeliveryResult = plan.kind === 'skip'
        ? { ok: true, messageId: null, ref: { ...SKIPPED_REF } }
        : await sendSafely(platform, { alert: plan.alert, target, nonce: entry.nonce, attempt, ...(plan.followUp ? { followUp: plan.followUp } : {}) });
      if (plan.kind === 'skip') ctx.log.info({ channel: channelId, item: entry.alert.id, kind: entry.alert.kind }, `follow-up not sent: ${plan.reason}`);
      if (result.ok) {
        sentAt = clock.now();
        const ref = { ...(result.ref ?? {}), ...(plan.kind === 'send' ? plan.recordRef : {}) };
        const record = { channel: channelId, itemId: entry.alert.id, platform: target.platform, messageId: result.messageId, ref, sentAt };
        // complete() also marks the item seen for the channel, in the same step (on SQLite: one logged row).
        await recordDelivery([() => stores.outbox.complete(entry, record)], { claimedAt, claimTtlMs: ctx.claimTtlMs, clock });
      }
      return result;
    };
    const result = platform.idempotentDelivery ? await claimSendRecord() : await ctx.sendGate.run(claimSendRecord);
    if (result === 'shutting-down') return { lastTouched: i - 1 };
    if (result === 'claimed-elsewhere') {
      report.claimed++;
      return { lastTouched: i };
    }
    if (result.ok) {
      report.delivered++;
      ctx.onDelivered?.(entry, sentAt - entry.alert.firstSeenAt);
      continue;
    }
    await settleFailedSend({ entry, attempt, result, channelId, platform: target.platform, label: 'delivery', fields: { item: entry.alert.id } },
      ctx, report);
    return { lastTouched: i };
  }
  return 'next';
}

/** A restart or config reload gives disabled channels another chance. */
export async function reenableChannels(stores: Stores, channelIds: Iterable<string>): Promise<void> {
  for (const id of channelIds) {
    const state = await stores.channelState.get(id);
    if (state?.disabledReason) await stores.channelState.set(id, { ...state, disabledReason: null, disabledAt: null });
  }
}
