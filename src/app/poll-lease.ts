import type { Clock, Logger, Stores } from '../core/ports.js';
import type { StoreOutage } from './store-outage.js';

/** Poll leases are held until this long before the next tick; polls finishing within it count for that tick. */
export const TICK_GRACE_MS = 500;

export interface PollLeaseDeps {
  stores: Stores;
  /** Identifies this process in leases. */
  owner: string;
  clock: Clock;
  log: Logger;
  outage: StoreOutage;
  /** scaleOut.leaseTtl as currently configured. */
  ttlMs: () => number;
}

export interface PollLeases {
  /** True: this instance polls the feed now. `tickAt`: the tick served; a feed already polled for it is left alone. */
  take(feedId: string, tickAt?: number): Promise<boolean>;
  /** Renews the lease while a long poll runs; call the returned function when it ends. */
  keepAlive(feedId: string): () => void;
  /** After the poll: hold the lease until just before `nextTickAt`, or release it when there is none. */
  handOver(feedId: string, nextTickAt: number | null): Promise<void>;
}

/** One lease per feed (`poll:<id>`) decides which instance polls it on a tick. Holds no state of its own. */
export function createPollLeases(deps: PollLeaseDeps): PollLeases {
  const { stores, owner, clock, log, outage } = deps;
  const keyOf = (feedId: string) => `poll:${feedId}`;

  /**
   * A tick's pool can reach a feed late, after another instance polled it for this tick and its lease hold
   * ended (half a second before the next tick): a poll that finished from then on serves this tick.
   */
  async function polledForTick(feedId: string, tickAt: number): Promise<boolean> {
    const state = await stores.feedState.get(feedId);
    return Math.max(state?.lastSuccessAt ?? 0, state?.lastErrorAt ?? 0) >= tickAt - TICK_GRACE_MS;
  }

  return {
    async take(feedId, tickAt) {
      if (!(await stores.leases.acquire(keyOf(feedId), owner, deps.ttlMs()))) return false;
      if (tickAt !== undefined && (await polledForTick(feedId, tickAt))) {
        await stores.leases.release(keyOf(feedId), owner);
        return false;
      }
      return true;
    },
    keepAlive(feedId) {
      const ttl = deps.ttlMs();
      const renew = setInterval(() => {
        stores.leases.renew(keyOf(feedId), owner, deps.ttlMs())
          .catch((err) => outage.failed(err, 'lease renewal') || log.warn({ err, feed: feedId }, 'lease renewal failed'));
      }, Math.max(1000, ttl / 3));
      return () => clearInterval(renew);
    },
    /** Keeping the lease until just before the next tick stops a second instance re-fetching on the same tick. */
    async handOver(feedId, nextTickAt) {
      try {
        const hold = nextTickAt ? Math.min(deps.ttlMs(), nextTickAt - clock.now() - TICK_GRACE_MS) : 0;
        if (hold > 0) await stores.leases.renew(keyOf(feedId), owner, hold);
        else await stores.leases.release(keyOf(feedId), owner);
      } catch (err) {
        if (!outage.failed(err, 'lease release')) log.warn({ err, feed: feedId }, 'lease release failed; it expires on its own');
      }
    },
  };
}
