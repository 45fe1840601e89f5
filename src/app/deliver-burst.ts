/**
 * Delivery on a channel with `burst` (flood control): the first `max` alerts of a window go out one by one,
 * the rest wait for the window to close and then go out as one digest. The window and a digest in progress are
 * kept in the channel's state, so a restart in the middle of a window holds and sends exactly what it would
 * have: a digest's alerts and nonce are fixed before its send, and its alerts are recorded only after it.
 */
import { planBurstStep } from '../core/attention/plan-burst.js';
import type { BurstRule } from '../core/attention/burst.js';
import { buildDigestAlert, DIGEST_MAX_ITEMS } from '../core/alerts/build-digest.js';
import { computeRetryDelay, deliveryNonce } from '../core/alerts/delivery-keys.js';
import type { ChannelTarget } from '../core/model.js';
import type { ChannelState, DeliveryResult, OutboxEntry, Platform } from '../core/ports.js';
import type { DeliveryContext, DeliveryReport } from './delivery-context.js';
import { recordDelivery } from './record-delivery.js';

export type BurstOutcome = 'next' | 'stop';

interface BurstChannel {
  id: string;
  target: ChannelTarget;
  rule: BurstRule;
  platform: Platform;
}

/** One step on the channel's due head entries: a single send (through `sendOne`), a wait, or a digest. */
export async function deliverBurstStep(due: OutboxEntry[], channel: BurstChannel, ctx: DeliveryContext, report: DeliveryReport,
  sendOne: (entry: OutboxEntry) => Promise<boolean>): Promise<BurstOutcome> {
  const { stores, clock } = ctx;
  const state = await stores.channelState.get(channel.id);
  if (state?.pendingDigest) {
    const keys = new Set(state.pendingDigest.keys);
    const members = due.filter((e) => keys.has(e.key));
    if (members.length > 0) return sendDigest(members, state.pendingDigest.nonce, channel, state, ctx, report);
    await saveState(channel.id, { ...state, pendingDigest: undefined }, ctx);
    return 'next';
  }
  const step = planBurstStep(channel.rule, state?.burst, due, clock.now());
  if (step.kind === 'wait') {
    report.held++;
    return 'stop';
  }
  if (step.kind === 'send') {
    if (!(await sendOne(due[0]!))) return 'stop';
    await saveState(channel.id, { ...emptyState(state), burst: step.window }, ctx);
    return 'next';
  }
  const members = due.slice(0, Math.min(step.count, DIGEST_MAX_ITEMS));
  const held = await stores.outbox.claimMany(members.map((e) => e.key), ctx.owner, ctx.claimTtlMs);
  if (held === 0) {
    report.claimed++;
    return 'stop';
  }
  const taken = members.slice(0, held);
  const pendingDigest = { nonce: deliveryNonce(`digest\u0000${channel.id}\u0000${taken[0]!.key}`), keys: taken.map((e) => e.key) };
  const next = { ...emptyState(state), burst: step.window, pendingDigest };
  await saveState(channel.id, next, ctx);
  return sendDigest(taken, pendingDigest.nonce, channel, next, ctx, report);
}

async function sendDigest(members: OutboxEntry[], nonce: string, channel: BurstChannel, state: ChannelState,
  ctx: DeliveryContext, report: DeliveryReport): Promise<BurstOutcome> {
  const { stores, clock, log } = ctx;
  const claimedAt = clock.now();
  const held = await stores.outbox.claimMany(members.map((e) => e.key), ctx.owner, ctx.claimTtlMs);
  if (held < members.length) {
    await stores.outbox.releaseClaims(members.slice(0, held).map((e) => e.key), ctx.owner);
    report.claimed++;
    return 'stop';
  }
  const start = state.burst?.start ?? members[0]!.enqueuedAt;
  const digest = buildDigestAlert(channel.id, members.map((e) => e.alert),
    { start, closesAt: start + channel.rule.perMs, max: channel.rule.max, perMs: channel.rule.perMs });
  const head = members[0]!;
  const attempt = head.attempts + 1;
  const send = async (): Promise<DeliveryResult> => {
    try {
      return await channel.platform.deliver({ alert: digest, target: channel.target, nonce, attempt });
    } catch (err) {
      return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
    }
  };
  const result = channel.platform.idempotentDelivery ? await send() : await ctx.sendGate.run(async () => {
    const answer = await send();
    if (answer.ok) await recordDigest(answer, members, channel, claimedAt, ctx);
    return answer;
  });
  if (result.ok) {
    if (channel.platform.idempotentDelivery) await recordDigest(result, members, channel, claimedAt, ctx);
    await saveState(channel.id, { ...state, pendingDigest: undefined }, ctx);
    report.delivered += members.length;
    for (const entry of members) ctx.onDelivered?.(entry, clock.now() - entry.alert.firstSeenAt);
    log.info({ channel: channel.id, alerts: members.length }, `digest of ${members.length} held alerts sent to ${channel.id}`);
    return 'next';
  }
  await stores.outbox.releaseClaims(members.slice(1).map((e) => e.key), ctx.owner);
  const delay = result.retry ? computeRetryDelay(attempt, ctx.retryBaseMs, ctx.retryMaxMs, result.retryAfterMs) : 0;
  await stores.outbox.retryLater({ ...head, attempts: attempt }, clock.now() + delay, result.error);
  if (!result.retry) {
    await saveState(channel.id, { ...state, disabledReason: result.error, disabledAt: clock.now() }, ctx);
    log.error({ channel: channel.id, error: result.error }, `channel ${channel.id} DISABLED: ${result.error}; its alerts stay queued until a config reload or restart`);
    report.blocked++;
    return 'stop';
  }
  log.warn({ channel: channel.id, alerts: members.length, attempt, retryInMs: delay, error: result.error }, `digest to ${channel.id} failed, retrying`);
  report.retried++;
  return 'stop';
}

/** Every held alert is recorded under the digest's message, so later follow-ups find where it went. */
async function recordDigest(result: Extract<DeliveryResult, { ok: true }>, members: OutboxEntry[], channel: BurstChannel,
  claimedAt: number, ctx: DeliveryContext): Promise<void> {
  const sentAt = ctx.clock.now();
  await recordDelivery(members.map((entry) => () => ctx.stores.outbox.complete(entry, {
    channel: channel.id, itemId: entry.alert.id, platform: channel.target.platform, messageId: result.messageId,
    ref: { ...(result.ref ?? {}), digest: 'true' }, sentAt,
  })), { claimedAt, claimTtlMs: ctx.claimTtlMs, clock: ctx.clock });
}

function emptyState(state: ChannelState | undefined): ChannelState {
  return state ?? { disabledReason: null, disabledAt: null };
}

async function saveState(channel: string, state: ChannelState, ctx: DeliveryContext): Promise<void> {
  const { pendingDigest, ...rest } = state;
  await ctx.stores.channelState.set(channel, pendingDigest ? { ...rest, pendingDigest } : rest);
}
