/**
 * What one send to a platform comes to, shared by single alerts (deliver-pending) and digests (deliver-held):
 * a throw is a transient failure, a transient failure is retried with backoff, a permanent one disables the
 * channel loudly. The entry keeps its place at the head of the channel's queue either way.
 */
import { computeRetryDelay } from '../core/alerts/delivery-keys.js';
import type { DeliveryAttempt, DeliveryResult, OutboxEntry, Platform } from '../core/ports.js';
import type { DeliveryContext, DeliveryReport } from './delivery-context.js';

export async function sendSafely(platform: Platform, attempt: DeliveryAttempt): Promise<DeliveryResult> {
  try {
    return await platform.deliver(attempt);
  } catch (err) {
    return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface FailedSend {
  entry: OutboxEntry;
  attempt: number;
  result: Extract<DeliveryResult, { ok: false }>;
  channelId: string;
  platform: string;
  /** How the retry line names what failed (`delivery`, `digest`) and what it adds (the item, the alert count). */
  label: string;
  fields: Record<string, unknown>;
}

export async function settleFailedSend(failed: FailedSend, ctx: DeliveryContext, report: DeliveryReport): Promise<void> {
  const { stores, clock, log } = ctx;
  const { entry, attempt, result, channelId } = failed;
  if (!result.retry) {
    await stores.outbox.retryLater({ ...entry, attempts: attempt }, clock.now(), result.error);
    const state = await stores.channelState.get(channelId);
    await stores.channelState.set(channelId, { ...state, disabledReason: result.error, disabledAt: clock.now() });
    log.error({ channel: channelId, platform: failed.platform, error: result.error },
      `channel ${channelId} DISABLED: ${result.error}; its alerts stay queued until a config reload or restart`);
    report.blocked++;
    return;
  }
  const delay = computeRetryDelay(attempt, ctx.retryBaseMs, ctx.retryMaxMs, result.retryAfterMs);
  await stores.outbox.retryLater({ ...entry, attempts: attempt }, clock.now() + delay, result.error);
  log.warn({ channel: channelId, ...failed.fields, attempt, retryInMs: delay, error: result.error }, `${failed.label} to ${channelId} failed, retrying`);
  report.retried++;
}
