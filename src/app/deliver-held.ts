/**
 * Delivery on a channel that holds alerts back: quiet hours, digest subscriptions and flood control
 * (core/attention/plan-hold). Held alerts go out together as one digest when their time comes; the rest one by
 * one through `sendOne`. The flood-control window and a digest in progress are kept in the channel's state, so a
 * restart holds and sends exactly what it would have: a digest's alerts and nonce are fixed before its send, and
 * its alerts are recorded only after it.
 */
import { planHoldStep, type HoldRules, type HoldStep } from '../core/attention/plan-hold.js';
import { buildDigestAlert, DIGEST_MAX_ITEMS, type DigestSpec } from '../core/alerts/build-digest.js';
import { computeRetryDelay, deliveryNonce } from '../core/alerts/delivery-keys.js';
import type { ChannelTarget } from '../core/model.js';
import type { ChannelState, DeliveryResult, OutboxEntry, Platform, Snooze } from '../core/ports.js';
import type { DeliveryContext, DeliveryReport } from './delivery-context.js';
import { recordDelivery } from './record-delivery.js';

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
    if (members.length > 0) return sendDigest(members, state.pendingDigest.nonce, state.pendingDigest.spec, channel, state, ctx, report);
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
  const held = await stores.outbox.claimMany(members.map((e) => e.key), ctx.owner, ctx.claimTtlMs);
  if (held < members.length) {
    await stores.outbox.releaseClaims(members.slice(0, held).map((e) => e.key), ctx.owner);
    report.claimed++;
    return 'stop';
  }
  if (step.kind === 'drop') {
    await recordAll(null, members, channel, clock.now(), ctx, { dropped: 'held' });
    ctx.log.info({ channel: channel.id, alerts: members.length }, `${members.length} held alerts dropped (held: drop)`);
    return 'next';
  }
  const spec = specOf(step, channel.target, members);
  const pendingDigest = { nonce: deliveryNonce(`digest\u0000${channel.id}\u0000${members[0]!.key}`), keys: members.map((e) => e.key), spec };
  const next = { ...emptyState(state), ...(step.window ? { burst: step.window } : {}), pendingDigest };
  await saveState(channel.id, next, ctx);
  return sendDigest(members, pendingDigest.nonce, spec, channel, next, ctx, report);
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

async function sendDigest(members: OutboxEntry[], nonce: string, spec: DigestSpec, channel: HeldChannel, state: ChannelState,
  ctx: DeliveryContext, report: DeliveryReport): Promise<HeldOutcome> {
  const { stores, clock, log } = ctx;
  const claimedAt = clock.now();
  const held = await stores.outbox.claimMany(members.map((e) => e.key), ctx.owner, ctx.claimTtlMs);
  if (held < members.length) {
    await stores.outbox.releaseClaims(members.slice(0, held).map((e) => e.key), ctx.owner);
    report.claimed++;
    return 'stop';
  }
  const digest = buildDigestAlert(channel.id, members.map((e) => e.alert), spec);
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
    if (answer.ok) await recordAll(answer.messageId, members, channel, claimedAt, ctx, { digest: 'true', ...(answer.ref ?? {}) });
    return answer;
  });
  if (result.ok) {
    if (channel.platform.idempotentDelivery) await recordAll(result.messageId, members, channel, claimedAt, ctx, { digest: 'true', ...(result.ref ?? {}) });
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
