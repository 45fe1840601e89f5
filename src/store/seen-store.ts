/**
 * Seen items per (channel, identity). Each entry holds its own expiry by the injected clock, so expiry is
 * testable on every backend; the same TTL is passed to Keyv so the backend also drops the key physically.
 */
import type { Keyv } from 'keyv';
import type { Clock, SeenStore } from '../core/ports.js';
import { chunk } from './backend.js';

const BATCH = 1000;

/** Every seen mark's key starts with this. */
export const SEEN_KEY_PREFIX = 'seen:';

export function seenKey(channel: string, id: string): string {
  // Channel ids contain ':' (discord:guild:channel); encoding it keeps the key split unambiguous.
  return `${SEEN_KEY_PREFIX}${encodeURIComponent(channel)}:${id}`;
}

/**
 * A seen mark as Keyv itself would store it (`{"value":…,"expires":…}`, `expires` on the wall clock as Keyv's
 * TTLs are), so an outbox can write it in the transaction that completes the entry and Keyv reads it back.
 */
export function seenMark(channel: string, id: string, clock: Clock, ttlMs: number): { key: string; value: string; expires: number } {
  const expires = Date.now() + ttlMs;
  return { key: seenKey(channel, id), value: JSON.stringify({ value: clock.now() + ttlMs, expires }), expires };
}

export function createSeenStore(kv: Keyv<unknown>, clock: Clock, ttlMs: number): SeenStore {
  return {
    async seen(channel, ids) {
      const found = new Set<string>();
      const now = clock.now();
      for (const part of chunk([...new Set(ids)], BATCH)) {
        const values = await kv.getMany(part.map((id) => seenKey(channel, id)));
        values.forEach((expiresAt, i) => {
          if (typeof expiresAt === 'number' && expiresAt > now) found.add(part[i]!);
        });
      }
      return found;
    },
    async markSeen(channel, ids) {
      const expiresAt = clock.now() + ttlMs;
      for (const part of chunk([...new Set(ids)], BATCH)) {
        await kv.setMany(part.map((id) => ({ key: seenKey(channel, id), value: expiresAt, ttl: ttlMs })));
      }
    },
  };
}
