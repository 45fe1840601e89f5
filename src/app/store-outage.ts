/**
 * Store outages (Redis unreachable) as the poll and delivery loops see them: one warning when an outage starts
 * and one line when it ends, instead of an error with a stack on every tick while the store is away. While it
 * lasts every store call fails at once, so polls and deliveries simply pause and resume on the next tick.
 */
import type { Clock, Logger } from '../core/ports.js';

/**
 * @redis/client's connection errors, by class name because the store does not re-export them (a typed
 * StoreUnavailableError from src/store would be better), plus socket errors and Redis still loading its data.
 */
const UNAVAILABLE_ERRORS = new Set([
  'ClientOfflineError', 'ClientClosedError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError',
  'SocketTimeoutError', 'ReconnectStrategyError', 'DisconnectsClientError',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);

export function isStoreUnavailable(err: unknown): boolean {
  let current = err;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (UNAVAILABLE_ERRORS.has(current.constructor.name)) return true;
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && NETWORK_CODES.has(code)) return true;
    if (/^LOADING\b/.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface StoreOutage {
  /** true: `err` means the store is away (logged once per outage); false: the caller logs it as before. */
  failed(err: unknown, during: string): boolean;
  /** A store round trip just worked: ends the outage, if one was going on. */
  succeeded(): void;
}

export function trackStoreOutage(log: Logger, clock: Clock): StoreOutage {
  let since: number | null = null;
  return {
    failed(err, during) {
      if (!isStoreUnavailable(err)) return false;
      if (since === null) {
        since = clock.now();
        log.warn({ during, error: err instanceof Error ? err.message : String(err) },
          'store unreachable: polls and deliveries paused, retried every tick; queued alerts are kept');
      }
      return true;
    },
    succeeded() {
      if (since === null) return;
      const pausedMs = clock.now() - since;
      since = null;
      log.info({ pausedMs }, `store reachable again after ${(pausedMs / 1000).toFixed(1)} s: polls and deliveries resumed`);
    },
  };
}
