/**
 * The durable outbox on SQLite: an AUTOINCREMENT queue table, completed keys with an expiry, claims as leases.
 *
 * Completing an entry is one appended `done_log` row, folded later into the queue, the delivery records, the seen
 * marks and the claims in one transaction for many. Why: an alert's record must be durable before the next alert
 * of a gated platform is sent (a crash repeats at most the one in flight), but committing it straight into those
 * four tables dirtied about eight pages, ≈ 110 µs a commit, most of bench/pipeline's delivery cost; one row is
 * ≈ 28 µs and the fold ≈ 10 µs an alert. A logged row counts as completed for every reader in every process:
 * the queue's reads and claims leave logged keys out, delivery records are read from the log first, and
 * enqueues and writes of seen marks fold first, and reads of seen marks lay the logged ones over the table's
 * (store/sqlite/sqlite-keyv-adapter). A crash before the fold leaves the rows for the next fold or the next start.
 */
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
/** Rows this process logs before it folds without waiting for a reader. */
const FOLD_EVERY = 64;
// Logged completions are delivered: the queue's readers leave them out rather than fold first (a fold is a commit
// over four tables, and the delivery loop reads the queue every few alerts).
const UNLOGGED = 'key NOT IN (SELECT entry_key FROM done_log)';

interface DoneRow {
  id: number;
  entry_key: string;
  record: string;
  expires_at: number;
  seen_key: string;
  seen_value: string;
  seen_expires: number | null;
}

export class SqliteOutbox implements Outbox {
  private readonly q;
  private readonly claims: SqliteLeases;
  private lastPurge = 0;
  private logged = 0;
  private readonly fold: { immediate(): void };

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
        `SELECT entry, attempts, next_attempt_at, last_error FROM outbox WHERE channel = ? AND ${UNLOGGED} ORDER BY seq LIMIT ?`,
      ),
      channels: db.prepare<[], string>(`SELECT DISTINCT channel FROM outbox WHERE ${UNLOGGED} ORDER BY channel`).pluck(),
      count: db.prepare<[string], number>(`SELECT count(*) FROM outbox WHERE channel = ? AND ${UNLOGGED}`).pluck(),
      exists: db.prepare<[string]>(`SELECT 1 FROM outbox WHERE key = ? AND ${UNLOGGED}`).pluck(),
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
      loggedDelivery: db.prepare<[string, number], string>(
        'SELECT record FROM done_log WHERE entry_key = ? AND expires_at > ? ORDER BY id DESC LIMIT 1',
      ).pluck(),
      purgeDone: db.prepare<[number]>('DELETE FROM deliveries WHERE expires_at <= ?'),
      markSeen: db.prepare<[string, string, number | null]>(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      logDone: db.prepare<[string, string, number, string, string, number | null]>(
        'INSERT INTO done_log (entry_key, record, expires_at, seen_key, seen_value, seen_expires) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      anyDone: db.prepare<[]>('SELECT 1 FROM done_log LIMIT 1').pluck(),
      loggedSeen: db.prepare<[], { seen_key: string; seen_value: string; seen_expires: number | null }>(
        'SELECT seen_key, seen_value, seen_expires FROM done_log ORDER BY id',
      ),
      readDone: db.prepare<[], DoneRow>('SELECT * FROM done_log ORDER BY id'),
      dropDone: db.prepare<[number]>('DELETE FROM done_log WHERE id <= ?'),
    };
    this.fold = db.transaction(() => this.foldLogged());
    // What a crash left logged is folded before anything reads the queue.
    this.foldLog();
  }

  /** Applies every logged completion now (a no-op when none is logged). */
  foldLog(): void {
    if (this.q.anyDone.get() !== undefined) this.fold.immediate();
    this.logged = 0;
  }

  /** The seen marks logged and not folded yet (any process's), the newest of a key winning; read in a snapshot. */
  loggedSeenMarks(): Map<string, { value: string; expires: number | null }> {
    const marks = new Map<string, { value: string; expires: number | null }>();
    for (const row of this.q.loggedSeen.all()) marks.set(row.seen_key, { value: row.seen_value, expires: row.seen_expires });
    return marks;
  }

  /** Inside a write transaction: applies every logged completion, of any process. */
  private foldLogged(): void {
    let last = -1;
    for (const row of this.q.readDone.all()) {
      this.q.remove.run(row.entry_key);
      this.q.record.run(row.entry_key, row.record, row.expires_at);
      this.q.markSeen.run(row.seen_key, row.seen_value, row.seen_expires);
      this.claims.drop(CLAIM + row.entry_key);
      last = row.id;
    }
    if (last >= 0) this.q.dropDone.run(last);
  }

  async enqueue(entries: OutboxEntry[]): Promise<void> {
    const now = this.clock.now();
    const write = this.db.transaction(() => {
      // Folded first: a logged key whose record has expired is queued again, like a recorded one.
      this.foldLogged();
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
    // Outside a transaction a statement commits on its own: one row, durable before the next send.
    this.q.logDone.run(entry.key, JSON.stringify(record), expiresAt, `${this.kvNamespace}:${seen.key}`, seen.value, seen.expires);
    if (++this.logged < FOLD_EVERY) return;
    // The completion is committed: a fold that fails here (a busy file, a full disk) must not report it as failed,
    // or the caller would send or log it again. The next enqueue or seen-mark write folds, and reports the error;
    // this process tries again after FOLD_EVERY more.
    this.logged = 0;
    try {
      this.foldLog();
    } catch {
      // left for the next fold
    }
  }

  async retryLater(entry: OutboxEntry, nextAttemptAt: number, error: string): Promise<void> {
    const write = this.db.transaction(() => {
      this.q.retry.run(nextAttemptAt, error, entry.key);
      this.claims.drop(CLAIM + entry.key);
    });
    write.immediate();
  }

  async getDelivery(channel: string, itemId: string): Promise<DeliveryRecord | undefined> {
    const key = outboxKey(channel, itemId);
    const now = this.clock.now();
    const raw = this.q.loggedDelivery.get(key, now) ?? this.q.delivery.get(key, now);
    return raw === undefined ? undefined : (JSON.parse(raw) as DeliveryRecord);
  }

  private purgeDoneSometimes(now: number): void {
    if (now - this.lastPurge < PURGE_INTERVAL_MS) return;
    this.lastPurge = now;
    this.q.purgeDone.run(now);
  }
}
