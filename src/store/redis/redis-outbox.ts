/**
 * The outbox on Redis: a sorted set per channel scored by an INCR sequence (ZADD NX), entries in a hash,
 * retry state in a second hash, completed keys as strings with PX, claims as `SET NX PX` inside Lua.
 */
import type { DeliveryRecord, Outbox, OutboxEntry } from '../../core/ports.js';
import { outboxKey } from '../../core/alerts/delivery-keys.js';
import { chunk } from '../backend.js';
import type { Clock } from '../../core/ports.js';
import { seenMark } from '../seen-store.js';
import { CLAIM, CLAIM_MANY, COMPLETE, ENQUEUE, RELEASE_MANY, RETRY, runScript, type RedisClient } from './redis-scripts.js';

interface RetryState {
  attempts: number;
  nextAttemptAt: number;
  lastError: string;
}

export class RedisOutbox implements Outbox {
  private readonly k;

  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly doneTtlMs: number,
    private readonly clock: Clock,
  ) {
    const p = `${prefix}outbox:`;
    this.k = {
      seq: `${p}seq`,
      entries: `${p}entries`,
      retry: `${p}retry`,
      channels: `${p}channels`,
      queue: (channel: string) => `${p}q:${channel}`,
      done: (key: string) => `${p}done:${key}`,
      claim: (key: string) => `${p}claim:${key}`,
    };
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    // One script call per chunk, in order: per-channel sequence numbers follow the array order.
    for (const part of chunk(entries, 200)) {
      const keys = [this.k.seq, this.k.entries, this.k.channels];
      const args: string[] = [];
      for (const e of part) {
        keys.push(this.k.done(e.key), this.k.queue(e.channel));
        args.push(e.key, JSON.stringify(e), e.channel);
      }
      await runScript(this.client, ENQUEUE, keys, args);
    }
  }

  async pending(channel: string, limit = 100): Promise<OutboxEntry[]> {
    // ZRANGE 0 -1 would mean "everything".
    if (limit <= 0) return [];
    const keys = await this.client.zRange(this.k.queue(channel), 0, limit - 1);
    if (keys.length === 0) return [];
    const [raw, retry] = await Promise.all([
      this.client.hmGet(this.k.entries, keys),
      this.client.hmGet(this.k.retry, keys),
    ]);
    const out: OutboxEntry[] = [];
    raw.forEach((json, i) => {
      // null: completed between the two reads.
      if (json === null || json === undefined) return;
      const entry = JSON.parse(String(json)) as OutboxEntry;
      const r = retry[i];
      if (r !== null && r !== undefined) {
        const s = JSON.parse(String(r)) as RetryState;
        Object.assign(entry, { attempts: s.attempts, nextAttemptAt: s.nextAttemptAt, lastError: s.lastError });
      }
      out.push(entry);
    });
    return out;
  }

  async channelsWithPending(): Promise<string[]> {
    return (await this.client.sMembers(this.k.channels)).map(String).sort();
  }

  async countPending(channel: string): Promise<number> {
    return this.client.zCard(this.k.queue(channel));
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const keys = [this.k.entries, this.k.claim(key)];
    return (await runScript(this.client, CLAIM, keys, [key, owner, String(ttlMs)])) === 1;
  }

  async claimMany(keys: string[], owner: string, ttlMs: number): Promise<number> {
    if (keys.length === 0) return 0;
    const scriptKeys = [this.k.entries, ...keys.map((k) => this.k.claim(k))];
    return runScript(this.client, CLAIM_MANY, scriptKeys, [owner, String(ttlMs), ...keys]);
  }

  async releaseClaims(keys: string[], owner: string): Promise<void> {
    if (keys.length === 0) return;
    await runScript(this.client, RELEASE_MANY, keys.map((k) => this.k.claim(k)), [owner]);
  }

  async complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void> {
    const seen = seenMark(entry.channel, entry.alert.id, this.clock, this.doneTtlMs);
    const keys = [
      this.k.entries,
      this.k.retry,
      this.k.queue(entry.channel),
      this.k.channels,
      this.k.done(entry.key),
      this.k.claim(entry.key),
      `${this.prefix}${seen.key}`,
    ];
    await runScript(this.client, COMPLETE, keys, [entry.key, entry.channel, JSON.stringify(record), String(this.doneTtlMs), seen.value]);
  }

  async retryLater(entry: OutboxEntry, nextAttemptAt: number, error: string): Promise<void> {
    const keys = [this.k.entries, this.k.retry, this.k.claim(entry.key)];
    await runScript(this.client, RETRY, keys, [entry.key, String(nextAttemptAt), error]);
  }

  async getDelivery(channel: string, itemId: string): Promise<DeliveryRecord | undefined> {
    const raw = await this.client.get(this.k.done(outboxKey(channel, itemId)));
    return raw === null ? undefined : (JSON.parse(String(raw)) as DeliveryRecord);
  }
}
