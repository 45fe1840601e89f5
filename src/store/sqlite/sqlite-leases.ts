/**
 * Leases and outbox claims on SQLite: one row per key with an expiry by the injected clock. The conditional
 * upsert runs under SQLite's write lock, so it is atomic across every process sharing the file.
 */
import type { Clock, LeaseStore } from '../../core/ports.js';
import type { Db } from './sqlite-schema.js';

export class SqliteLeases implements LeaseStore {
  private readonly q;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.q = {
      // Insert when free; take over when expired; extend when already ours. Otherwise no row changes.
      acquire: db.prepare<[{ key: string; owner: string; expiresAt: number; now: number }]>(
        'INSERT INTO leases (key, owner, expires_at) VALUES (@key, @owner, @expiresAt) ON CONFLICT(key) DO UPDATE ' +
          'SET owner = excluded.owner, expires_at = excluded.expires_at ' +
          'WHERE leases.owner = excluded.owner OR leases.expires_at <= @now',
      ),
      renew: db.prepare<[number, string, string, number]>(
        'UPDATE leases SET expires_at = ? WHERE key = ? AND owner = ? AND expires_at > ?',
      ),
      release: db.prepare<[string, string]>('DELETE FROM leases WHERE key = ? AND owner = ?'),
      drop: db.prepare<[string]>('DELETE FROM leases WHERE key = ?'),
      purge: db.prepare<[number]>('DELETE FROM leases WHERE expires_at <= ?'),
    };
    this.q.purge.run(clock.now());
  }

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.acquireNow(key, owner, ttlMs);
  }

  acquireNow(key: string, owner: string, ttlMs: number): boolean {
    const now = this.clock.now();
    return this.q.acquire.run({ key, owner, expiresAt: now + ttlMs, now }).changes === 1;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    return this.q.renew.run(now + ttlMs, key, owner, now).changes === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    this.releaseNow(key, owner);
  }

  releaseNow(key: string, owner: string): void {
    this.q.release.run(key, owner);
  }

  drop(key: string): void {
    this.q.drop.run(key);
  }
}
