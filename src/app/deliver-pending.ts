import { computeRetryDelay } from '../core/alerts/delivery-keys.js';
import type { ChannelTarget } from '../core/model.js';
import type { Clock, DeliveryResult, Logger, OutboxEntry, Platform, Stores } from '../core/ports.js';
import { recordDelivery } from './record-delivery.js';

export interface DeliveryContext {
  stores: Stores;
  /** Started platforms by name; a channel whose platform is absent waits (its alerts stay queued). */
  platforms: ReadonlyMap<string, Platform>;
  channels: () => ReadonlyMap<string, ChannelTarget>;
  owner: string;
  claimTtlMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  clock: Clock;
  log: Logger;
  /** Stop taking new entries (shutdown); in-flight sends finish. */
  signal?: AbortSignal;
  onDelivered?: (entry: OutboxEntry, latencyMs: number) => void;
  /** Serialises send-and-record for platforms without an idempotency key (one per process). */
  sendGate: SendGate;
}

export interface SendGate {
  run<T>(work: () => Promise<T>): Promise<T>;
}

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

export interface DeliveryReport {
  delivered: number;
  retried: number;
  /** Channels whose head entry waits for its retry time. */
  notDue: number;
  /** Channels that cannot deliver now: platform not configured, channel unknown or disabled. */
  blocked: number;
  /** Channels whose head entry is claimed by another owner (another instance, or a dead process's claim). */
  claimed: number;
}

/** Delivers every due outbox entry, channel by channel in parallel, in order within a channel. */
export async function deliverPending(ctx: DeliveryContext): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, notDue: 0, blocked: 0, claimed: 0 };
  const channelIds = await ctx.stores.outbox.channelsWithPending();
  await Promise.all(channelIds.map((id) => deliverChannel(id, ctx, report)));
  return report;
}

async function deliverChannel(channelId: string, ctx: DeliveryContext, report: DeliveryReport): Promise<void> {
  const { stores, clock, log } = ctx;
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
  for (;;) {
    if (ctx.signal?.aborted) return;
    const [entry] = await stores.outbox.pending(channelId, 1);
    if (!entry) return;
    // Per-channel order: a head entry that is not due yet holds back the ones behind it.
    if (entry.nextAttemptAt > clock.now()) {
      report.notDue++;
      return;
    }
    const attempt = entry.attempts + 1;
    let sentAt = 0;
    // Claim, send and record as one step: for gated platforms the claim is taken only once this send's turn
    // has come, so waiting in the gate can never outlast the claim and let another instance post it too.
    const claimSendRecord = async (): Promise<DeliveryResult | 'shutting-down' | 'claimed-elsewhere'> => {
      if (ctx.signal?.aborted) return 'shutting-down';
      const claimedAt = clock.now();
      if (!(await stores.outbox.claim(entry.key, ctx.owner, ctx.claimTtlMs))) return 'claimed-elsewhere';
      let result: DeliveryResult;
      try {
        result = await platform.deliver({ alert: entry.alert, target, nonce: entry.nonce, attempt });
      } catch (err) {
        result = { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
      }
      if (result.ok) {
        sentAt = clock.now();
        const record = { channel: channelId, itemId: entry.alert.id, platform: target.platform, messageId: result.messageId,
          ref: result.ref ?? {}, sentAt };
        await recordDelivery([() => stores.outbox.complete(entry, record), () => stores.seen.markSeen(channelId, [entry.alert.id])],
          { claimedAt, claimTtlMs: ctx.claimTtlMs, clock });
      }
      return result;
    };
    const result = platform.idempotentDelivery ? await claimSendRecord() : await ctx.sendGate.run(claimSendRecord);
    if (result === 'shutting-down') return;
    if (result === 'claimed-elsewhere') {
      report.claimed++;
      return;
    }
    if (result.ok) {
      report.delivered++;
      ctx.onDelivered?.(entry, sentAt - entry.alert.firstSeenAt);
      continue;
    }
    if (!result.retry) {
      await stores.outbox.retryLater({ ...entry, attempts: attempt }, clock.now(), result.error);
      await stores.channelState.set(channelId, { disabledReason: result.error, disabledAt: clock.now() });
      log.error({ channel: channelId, platform: target.platform, error: result.error },
        `channel ${channelId} DISABLED: ${result.error}; its alerts stay queued until a config reload or restart`);
      report.blocked++;
      return;
    }
    const delay = computeRetryDelay(attempt, ctx.retryBaseMs, ctx.retryMaxMs, result.retryAfterMs);
    await stores.outbox.retryLater({ ...entry, attempts: attempt }, clock.now() + delay, result.error);
    log.warn({ channel: channelId, item: entry.alert.id, attempt, retryInMs: delay, error: result.error },
      `delivery to ${channelId} failed, retrying`);
    report.retried++;
    return;
  }
}

/** A restart or config reload gives disabled channels another chance. */
export async function reenableChannels(stores: Stores, channelIds: Iterable<string>): Promise<void> {
  for (const id of channelIds) {
    const state = await stores.channelState.get(id);
    if (state?.disabledReason) await stores.channelState.set(id, { disabledReason: null, disabledAt: null });
  }
}
