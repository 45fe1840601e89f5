/** Leases and claims for one process: a Map with expiries by the injected clock. */
import type { Clock, LeaseStore } from '../../core/ports.js';

export class MemoryLeases implements LeaseStore {
  private readonly held = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  /** Free, expired or already ours: take it (or extend it). */
  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.acquireNow(key, owner, ttlMs);
  }

  acquireNow(key: string, owner: string, ttlMs: number): boolean {
    const now = this.clock.now();
    const cur = this.held.get(key);
    if (cur && cur.expiresAt > now && cur.owner !== owner) return false;
    this.held.set(key, { owner, expiresAt: now + ttlMs });
    return true;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const cur = this.held.get(key);
    if (!cur || cur.owner !== owner || cur.expiresAt <= now) return false;
    cur.expiresAt = now + ttlMs;
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.held.get(key)?.owner === owner) this.held.delete(key);
  }

  drop(key: string): void {
    this.held.delete(key);
  }
}
