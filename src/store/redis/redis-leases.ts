/** Leases on Redis: `SET key owner NX PX ttl`; renew and release compare the owner in Lua. TTLs are server time. */
import type { LeaseStore } from '../../core/ports.js';
import { RELEASE, RENEW, runScript, type RedisClient } from './redis-scripts.js';

export class RedisLeases implements LeaseStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const k = this.key(key);
    const ok = await this.client.set(k, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    if (ok === 'OK') return true;
    // Already ours (a second acquire by the holder) extends it, as on the other backends.
    return (await runScript(this.client, RENEW, [k], [owner, String(ttlMs)])) === 1;
  }

  async renew(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await runScript(this.client, RENEW, [this.key(key)], [owner, String(ttlMs)])) === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    await runScript(this.client, RELEASE, [this.key(key)], [owner]);
  }

  private key(key: string): string {
    return `${this.prefix}lease:${key}`;
  }
}
