/**
 * Delivery on a channel that holds alerts back: quiet hours, digest subscriptions and flood control
 * (core/attention/plan-hold). Held alerts go out together as one digest when their time comes; the rest one by
 * one through `sendOne`. The flood-control window and a digest in progress are kept in the channel's state, so a
 * restart holds and sends exactly what it would have: a digest's alerts and nonce are fixed before its send, and
 * its alerts are recorded only after it.
 */
import { planHoldStep, type HoldRules, type HoldStep } from '../core/attention/plan-hold.js';
import { buildDigestAlert, DIGEST_MAX_ITEMS, type DigestSpec } from '../core/alerts/build-digest.js';
import { deliveryNonce } from '../core/alerts/delivery-keys.js';
import type { ChannelTarget } from '../core/model.js';
import type { ChannelState, DeliveryResult, OutboxEntry, Platform, Snooze } from '../core/ports.js';
import type { DeliveryContext, DeliveryReport } from './delivery-context.js';
import { recordDelivery } from './record-delivery.js';
import { sendSafely, settleFailedSend } from './settle-send.js';

export type HeldOutcome = 'next' | 'stop';

interface HeldChannel {
  id: string;
  target: ChannelTarget;
  platform: Platform;
  snoozes: Readonly<Record<string, Snooze>>;
}

/** True when the channel holds alerts in some way, so its deliveries go through `deliverHeldStep`. */
export function holdsAlerts(target: ChannelTarget, snoozes: Readonly<Record<string, Snooze>>): boolean {
  return target.burst !== undefined || target.quietHours !== undefined || Object.keys(target.digests ?? {}).length > 0
    || Object.keys(snoozes).length > 0;
}

export function holdRulesOf(target: ChannelTarget, snoozes: Readonly<Record<string, Snooze>>): HoldRules {
  return {
    ...(Object.keys(snoozes).length ? { snoozes: new Map(Object.entries(snoozes)) } : {}),
    ...(target.snoozeHeld ? { snoozeHeld: target.snoozeHeld } : {}),
    ...(target.burst ? { burst: target.burst } : {}),
    ...(target.quietHours ? { quiet: target.quietHours } : {}),
    ...(target.digests ? { digests: new Map(Object.entries(target.digests)) } : {}),
  };
}

/** One step on the channel's due entries: a single send (through `sendOne`), a digest, a drop, or a wait. */
export async function deliverHeldStep(due: OutboxEntry[], channel: HeldChannel, ctx: DeliveryContext, report: DeliveryReport,
  sendOne: (entry: OutboxEntry) => Promise<boolean>): Promise<HeldOutcome> {
  const { stores, clock } = ctx;
  const state = await stores.channelState.get(channel.id);
  if (state?.pendingDigest) {
    const keys = new Set(state.pendingDigest.keys);
    const members = due.filter((e) => keys.has(e.key));
    if (members.length > 0) {
      const claimedAt = await claimAll(members, ctx, report);
      if (claimedAt === null) return 'stop';
      return sendDigest({ members, nonce: state.pendingDigest.nonce, spec: state.pendingDigest.spec, claimedAt }, channel, state, ctx, report);
    }
    await saveState(channel.id, { ...state, pendingDigest: undefined }, ctx);
    return 'next';
  }
  const step = planHoldStep(holdRulesOf(channel.target, channel.snoozes), state?.burst, due, clock.now(), DIGEST_MAX_ITEMS);
  if (step.kind === 'wait') {
    report.held++;
    return 'stop';
  }
  if (step.kind === 'send') {
    if (!(await sendOne(due[step.index]!))) return 'stop';
    if (step.window) await saveState(channel.id, { ...emptyState(state), burst: step.window }, ctx);
    return 'next';
  }
  const members = step.indexes.map((i) => due[i]!);
  const claimedAt = await claimAll(members, ctx, report);
  if (claimedAt === null) return 'stop';
  if (step.kind === 'drop') {
    await recordAll(null, members, channel, claimedAt, ctx, { dropped: 'held' });
    ctx.log.info({ channel: channel.id, alerts: members.length }, `${members.length} held alerts dropped (held: drop)`);
    return 'next';
  }
  const spec = specOf(step, channel.target, members);
  const pendingDigest = { nonce: deliveryNonce(`digest\u0000${channel.id}\u0000${members[0]!.key}`), keys: members.map((e) => e.key), spec };
  const next = { ...emptyState(state), ...(step.window ? { burst: step.window } : {}), pendingDigest };
  await saveState(channel.id, next, ctx);
  return sendDigest({ members, nonce: pendingDigest.nonce, spec, claimedAt }, channel, next, ctx, report);
}

/** Claims every alert of a digest (or a drop) at once; null when another owner holds one of them. */
async function claimAll(members: OutboxEntry[], ctx: DeliveryContext, report: DeliveryReport): Promise<number | null> {
  const claimedAt = ctx.clock.now();
  const held = await ctx.stores.outbox.claimMany(members.map((e) => e.key), ctx.owner, ctx.claimTtlMs);
  if (held === members.length) return claimedAt;
  await ctx.stores.outbox.releaseClaims(members.slice(0, held).map((e) => e.key), ctx.owner);
  report.claimed++;
  return null;
}

function specOf(step: Extract<HoldStep, { kind: 'digest' }>, target: ChannelTarget, members: OutboxEntry[]): DigestSpec {
  if (step.reason === 'burst') {
    const start = step.window?.start ?? members[0]!.enqueuedAt;
    return { reason: 'burst', start, closesAt: start + target.burst!.perMs, max: target.burst!.max, perMs: target.burst!.perMs };
  }
  if (step.reason === 'quiet') return { reason: 'quiet', until: step.hold!.until, quiet: target.quietHours!.hours };
  const subscription = step.hold!.subscription!;
  if (step.reason === 'snooze') return { reason: 'snooze', until: step.hold!.until, subscription };
  return { reason: 'digest', until: step.hold!.until, subscription, every: target.digests![subscription]! };
}

/** A digest's claimed alerts, its nonce (fixed in the channel state before the send) and what it says. */
interface ClaimedDigest {
  members: OutboxEntry[];
  nonce: string;
  spec: DigestSpec;
  claimedAt: number;
}

async function sendDigest(digest: ClaimedDigest, channel: HeldChannel, state: ChannelState, ctx: DeliveryContext,
  report: DeliveryReport): Promise<HeldOutcome> {
  const { clock, log } = ctx;
  const { members, nonce, claimedAt } = digest;
  const alert = buildDigestAlert(channel.id, members.map((e) => e.alert), digest.spec);
  const head = members[0]!;
  const attempt = head.attempts + 1;
  // Send and record as one step: gated platforms (no idempotency key) do both inside the gate, as single alerts.
  const sendAndRecord = async (): Promise<DeliveryResult> => {
    const answer = await sendSafely(channel.platform, { alert, target: channel.target, nonce, attempt });
    if (answer.ok) await recordAll(answer.messageId, members, channel, claimedAt, ctx, { digest: 'true', ...(answer.ref ?? {}) });
    return answer;
  };
  const result = channel.platform.idempotentDelivery ? await sendAndRecord() : await ctx.sendGate.run(sendAndRecord);
  if (result.ok) {
    await saveState(channel.id, { ...state, pendingDigest: undefined }, ctx);
    report.delivered += members.length;
    for (const entry of members) ctx.onDelivered?.(entry, clock.now() - entry.alert.firstSeenAt);
    log.info({ channel: channel.id, alerts: members.length }, `digest of ${members.length} held alerts sent to ${channel.id}`);
    return 'next';
  }
  await ctx.stores.outbox.releaseClaims(members.slice(1).map((e) => e.key), ctx.owner);
  await settleFailedSend({ entry: head, attempt, result, channelId: channel.id, platform: channel.target.platform, label: 'digest',
    fields: { alerts: members.length } }, ctx, report);
  return 'stop';
}

/** Every held alert is recorded under the digest's message (or as dropped), so later follow-ups find where it went. */
async function recordAll(messageId: string | null, members: OutboxEntry[], channel: HeldChannel, claimedAt: number,
  ctx: DeliveryContext, ref: Record<string, string>): Promise<void> {
  const sentAt = ctx.clock.now();
  await recordDelivery(members.map((entry) => () => ctx.stores.outbox.complete(entry, {
    channel: channel.id, itemId: entry.alert.id, platform: channel.target.platform, messageId, ref, sentAt,
  })), { claimedAt, claimTtlMs: ctx.claimTtlMs, clock: ctx.clock });
}

function emptyState(state: ChannelState | undefined): ChannelState {
  return state ?? { disabledReason: null, disabledAt: null };
}

async function saveState(channel: string, state: ChannelState, ctx: DeliveryContext): Promise<void> {
  const { pendingDigest, ...rest } = state;
  await ctx.stores.channelState.set(channel, pendingDigest ? { ...rest, pendingDigest } : rest);
}
