/** The durable outbox on SQLite: an AUTOINCREMENT queue table, completed keys with an expiry, claims as leases. */
import type { Clock, DeliveryRecord, Outbox, OutboxEntry } from '../../core/ports.js';
import { outboxKey } from '../../core/alerts/delivery-keys.js';
import { seenMark } from '../seen-store.js';
import type { Db } from './sqlite-schema.js';
import { SqliteLeases } from './sqlite-leases.js';

interface Row {
  entry: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}

const CLAIM = 'outbox-claim:';
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export class SqliteOutbox implements Outbox {
  private readonly q;
  private readonly claims: SqliteLeases;
  private lastPurge = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly doneTtlMs: number,
    /** Keyv's namespace: the seen mark is written as the kv row Keyv would write (`<ns>:seen:…`). */
    private readonly kvNamespace: string,
  ) {
    this.claims = new SqliteLeases(db, clock);
    this.q = {
      isDone: db.prepare<[string, number]>('SELECT 1 FROM deliveries WHERE key = ? AND expires_at > ?').pluck(),
      insert: db.prepare<[string, string, string, number, number, string | null]>(
        'INSERT INTO outbox (key, channel, entry, attempts, next_attempt_at, last_error) ' +
          'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING',
      ),
      pending: db.prepare<[string, number], Row>(
        'SELECT entry, attempts, next_attempt_at, last_error FROM outbox WHERE channel = ? ORDER BY seq LIMIT ?',
      ),
      channels: db.prepare<[], string>('SELECT DISTINCT channel FROM outbox ORDER BY channel').pluck(),
      count: db.prepare<[string], number>('SELECT count(*) FROM outbox WHERE channel = ?').pluck(),
      exists: db.prepare<[string]>('SELECT 1 FROM outbox WHERE key = ?').pluck(),
      remove: db.prepare<[string]>('DELETE FROM outbox WHERE key = ?'),
      record: db.prepare<[string, string, number]>(
        'INSERT INTO deliveries (key, record, expires_at) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET record = excluded.record, expires_at = excluded.expires_at',
      ),
      retry: db.prepare<[number, string, string]>(
        'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE key = ?',
      ),
      delivery: db.prepare<[string, number], string>(
        'SELECT record FROM deliveries WHERE key = ? AND expires_at > ?',
      ).pluck(),
      purgeDone: db.prepare<[number]>('DELETE FROM deliveries WHERE expires_at <= ?'),
      markSeen: db.prepare<[string, string, number]>(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
    };
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    const now = this.clock.now();
    const write = this.db.transaction(() => {
      for (const e of entries) {
        if (this.q.isDone.get(e.key, now)) continue;
        this.q.insert.run(e.key, e.channel, JSON.stringify(e), e.attempts, e.nextAttemptAt, e.lastError);
      }
    });
    write.immediate();
    this.purgeDoneSometimes(now);
  }

  async pending(channel: string, limit = 100): Promise<OutboxEntry[]> {
    return this.q.pending.all(channel, limit).map((r) => ({
      ...(JSON.parse(r.entry) as OutboxEntry),
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
    }));
  }

  async channelsWithPending(): Promise<string[]> {
    return this.q.channels.all();
  }

  async countPending(channel: string): Promise<number> {
    return this.q.count.get(channel) ?? 0;
  }

  async claim(key: string, owner: string, ttlMs: number): Promise<boolean> {
    // Checked in the same write transaction: a stale reader cannot claim an entry completed meanwhile.
    const take = this.db.transaction(() => this.q.exists.get(key) !== undefined && this.claims.acquireNow(CLAIM + key, owner, ttlMs));
    return take.immediate();
  }

  async claimMany(keys: string[], owner: string, ttlMs: number): Promise<number> {
    const take = this.db.transaction(() => {
      let n = 0;
      while (n < keys.length && this.q.exists.get(keys[n]!) !== undefined && this.claims.acquireNow(CLAIM + keys[n]!, owner, ttlMs)) n++;
      return n;
    });
    return take.immediate();
  }

  async releaseClaims(keys: string[], owner: string): Promise<void> {
    if (keys.length === 0) return;
    const write = this.db.transaction(() => {
      for (const key of keys) this.claims.releaseNow(CLAIM + key, owner);
    });
    write.immediate();
  }

  async complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void> {
    const expiresAt = this.clock.now() + this.doneTtlMs;
    const seen = seenMark(entry.channel, entry.alert.id, this.clock, this.doneTtlMs);
    const write = this.db.transaction(() => {
      this.q.remove.run(entry.key);
      this.q.record.run(entry.key, JSON.stringify(record), expiresAt);
      this.q.markSeen.run(`${this.kvNamespace}:${seen.key}`, seen.value, seen.expires);
      this.claims.drop(CLAIM + entry.key);
    });
    write.immediate();
  }

  async retryLater(entry: OutboxEntry, nextAttemptAt: number, error: string): Promise<void> {
    const write = this.db.transaction(() => {
      this.q.retry.run(nextAttemptAt, error, entry.key);
      this.claims.drop(CLAIM + entry.key);
    });
    write.immediate();
  }

  async getDelivery(channel: string, itemId: string): Promise<DeliveryRecord | undefined> {
    const raw = this.q.delivery.get(outboxKey(channel, itemId), this.clock.now());
    return raw === undefined ? undefined : (JSON.parse(raw) as DeliveryRecord);
  }

  private purgeDoneSometimes(now: number): void {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    this.q.purgeDone.run(now);
  }
}
