/** What a delivery round takes and reports (deliver-pending and deliver-burst share them). */
import type { ChannelTarget } from '../core/model.js';
import type { Clock, Logger, OutboxEntry, Platform, Stores } from '../core/ports.js';

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

export interface DeliveryReport {
  delivered: number;
  retried: number;
  /** Channels whose head entry waits for its retry time. */
  notDue: number;
  /** Channels that cannot deliver now: platform not configured, channel unknown or disabled. */
  blocked: number;
  /** Channels whose head entry is claimed by another owner (another instance, or a dead process's claim). */
  claimed: number;
  /** Channels holding alerts until their flood-control window closes (channels[].burst); drain does not wait. */
  held: number;
}
