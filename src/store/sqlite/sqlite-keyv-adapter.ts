/**
 * A Keyv store adapter on better-sqlite3: prepared statements, and getMany/setMany/deleteMany in one
 * transaction each (@keyv/sqlite commits every write alone). Expiry uses Keyv's own real-time TTLs.
 */
import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { Db } from './sqlite-schema.js';

const PURGE_EVERY_WRITES = 20_000;

/** What the adapter needs of the outbox's completion log (store/sqlite/sqlite-outbox). */
export interface CompletionLog {
  /** Applies every logged completion to the tables. */
  fold(): void;
  /** Whether the log may hold a value for this key. */
  holds(key: string): boolean;
  /** Values logged and not folded yet, by key, the newest one of a key winning (call inside a read transaction). */
  marks(): ReadonlyMap<string, { value: string; expires: number | null }>;
}

const NO_LOG: CompletionLog = { fold() {}, holds: () => false, marks: () => new Map() };

export class SqliteKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts: Record<string, unknown> = { dialect: 'sqlite' };
  namespace?: string;
  private writes = 0;
  private readonly q;

  /**
   * `log` is the outbox's completion log, which may hold keys `log.holds` names (the seen marks): they count as
   * written from the moment they are logged (store/sqlite/sqlite-outbox). A write of such a key folds the log
   * first, so it lands after what was logged; a read lays the logged values over the table's in one snapshot,
   * which writes nothing (a fold is a commit, and every poll reads seen marks).
   */
  constructor(private readonly db: Db, private readonly log: CompletionLog = NO_LOG) {
    super();
    this.q = {
      get: db.prepare<[string, number], { value: string }>(
        'SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)',
      ),
      set: db.prepare<[string, string, number | null]>(
        'INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ' +
          'ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires',
      ),
      del: db.prepare<[string]>('DELETE FROM kv WHERE key = ?'),
      clearPrefix: db.prepare<[{ p: string }]>('DELETE FROM kv WHERE substr(key, 1, length(@p)) = @p'),
      clearAll: db.prepare('DELETE FROM kv'),
      purge: db.prepare<[number]>('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?'),
    };
    this.purgeExpired();
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const [value] = await this.getMany<Value>([key]);
    return value as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const now = Date.now();
    const logged = keys.some(this.log.holds);
    const read = (): Array<string | undefined> => {
      const values = keys.map((k) => this.q.get.get(k, now)?.value);
      if (!logged) return values;
      const marks = this.log.marks();
      if (marks.size === 0) return values;
      return keys.map((k, i) => {
        const mark = marks.get(k);
        return mark === undefined ? values[i] : mark.expires === null || mark.expires > now ? mark.value : undefined;
      });
    };
    // One statement is its own snapshot; several, or the table and the log, share one.
    return (keys.length === 1 && !logged ? read() : this.db.transaction(read)()) as Array<StoredData<Value | undefined>>;
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return (await this.getMany(keys)).map((v) => v !== undefined);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<void> {
    this.settle(key);
    this.q.set.run(key, String(value), ttl ? Date.now() + ttl : null);
    this.countWrites(1);
  }

  async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>): Promise<void> {
    this.settle(entries.map((e) => e.key));
    const now = Date.now();
    const write = this.db.transaction(() => {
      for (const e of entries) this.q.set.run(e.key, String(e.value), e.ttl ? now + e.ttl : null);
    });
    write.immediate();
    this.countWrites(entries.length);
  }

  async delete(key: string): Promise<boolean> {
    this.settle(key);
    return this.q.del.run(key).changes > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    this.settle(keys);
    let n = 0;
    const del = this.db.transaction(() => {
      for (const k of keys) n += this.q.del.run(k).changes;
    });
    del.immediate();
    return n > 0;
  }

  async clear(): Promise<void> {
    this.log.fold();
    if (this.namespace) this.q.clearPrefix.run({ p: `${this.namespace}:` });
    else this.q.clearAll.run();
  }

  async disconnect(): Promise<void> {
    // The database handle belongs to the backend, which closes it.
  }

  private settle(keys: readonly string[] | string): void {
    if (typeof keys === 'string' ? this.log.holds(keys) : keys.some(this.log.holds)) this.log.fold();
  }

  private countWrites(n: number): void {
    this.writes += n;
    if (this.writes >= PURGE_EVERY_WRITES) this.purgeExpired();
  }

  /** Keyv only drops an expired key when it is read; this keeps unread ones (gone items) from piling up. */
  purgeExpired(): number {
    this.writes = 0;
    return this.q.purge.run(Date.now()).changes;
  }
}
