/** The outbox for `memory://`: per-channel arrays in insertion order; lost on exit by design. */
import type { Clock, DeliveryRecord, Outbox, OutboxEntry } from '../../core/ports.js';
import { outboxKey } from '../../core/alerts/delivery-keys.js';
import { seenMark } from '../seen-store.js';
import { MemoryLeases } from './memory-leases.js';

export class MemoryOutbox implements Outbox {
  private readonly queues = new Map<string, OutboxEntry[]>();
  private readonly queued = new Map<string, OutboxEntry>();
  private readonly done = new Map<string, { record: DeliveryRecord; expiresAt: number }>();
  private readonly claims: MemoryLeases;

  constructor(
    private readonly clock: Clock,
    private readonly doneTtlMs: number,
    /** Keyv's Map and namespace: the seen mark goes in as the value Keyv would store. */
    private readonly kv: { map: Map<string, unknown>; namespace: string },
  ) {
    this.claims = new MemoryLeases(clock);
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    for (const e of entries) {
      if (this.queued.has(e.key) || this.isDone(e.key)) continue;
      const copy = structuredClone(e);
      this.queued.set(e.key, copy);
      const q = this.queues.get(e.channel) ?? [];
      q.push(copy);
      this.queues.set(e.channel, q);
    }
  }

  async pending(channel: string, limit = 100): Promise<OutboxEntry[]> {
    return (this.queues.get(channel) ?? []).slice(0, limit).map((e) => structuredClone(e));
  }

  async channelsWithPending(): Promise<string[]> {
    return [...this.queues.keys()].sort();
  }

  async countPending(channel: string): Promise<number> {
    return this.queues.get(channel)?.length ?? 0;
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    // A completed entry cannot be claimed again: a reader with a stale pending list must not post it twice.
    if (!this.queued.has(key)) return false;
    return this.claims.acquireNow(key, owner, ttlMs);
  }

  async claimMany(keys: string[], owner: string, ttlMs: number): Promise<number> {
    let n = 0;
    while (n < keys.length && this.queued.has(keys[n]!) && this.claims.acquireNow(keys[n]!, owner, ttlMs)) n++;
    return n;
  }

  async releaseClaims(keys: string[], owner: string): Promise<void> {
    for (const key of keys) await this.claims.release(key, owner);
  }

  async complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void> {
    const seen = seenMark(entry.channel, entry.alert.id, this.clock, this.doneTtlMs);
    const saved = structuredClone(record);
    this.kv.map.set(`${this.kv.namespace}:${seen.key}`, seen.value);
    const current = this.queued.get(entry.key);
    if (current) {
      this.queued.delete(entry.key);
      const q = (this.queues.get(current.channel) ?? []).filter((e) => e.key !== entry.key);
      if (q.length > 0) this.queues.set(current.channel, q);
      else this.queues.delete(current.channel);
    }
    this.done.set(entry.key, {
      record: saved,
      expiresAt: this.clock.now() + this.doneTtlMs,
    });
    this.claims.drop(entry.key);
  }

  async retryLater(entry: OutboxEntry, nextAttemptAt: number, error: string): Promise<void> {
    const current = this.queued.get(entry.key);
    if (current) {
      current.attempts += 1;
      current.nextAttemptAt = nextAttemptAt;
      current.lastError = error;
    }
    this.claims.drop(entry.key);
  }

  async getDelivery(channel: string, itemId: string): Promise<DeliveryRecord | undefined> {
    const key = outboxKey(channel, itemId);
    if (!this.isDone(key)) return undefined;
    return structuredClone(this.done.get(key)!.record);
  }

  private isDone(key: string): boolean {
    const d = this.done.get(key);
    if (!d) return false;
    if (d.expiresAt > this.clock.now()) return true;
    this.done.delete(key);
    return false;
  }
}
