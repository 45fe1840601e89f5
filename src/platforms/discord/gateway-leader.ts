/**
 * The gateway leader lease: of several instances sharing one store, only the holder of `key` keeps a gateway
 * session, so each slash command reaches one instance and is answered once. The holder renews the lease every
 * third of its lifetime; the others try to take it at the same pace, so when the holder dies (or loses the
 * store for longer than the lease) one of them connects within about 1⅓ lease periods.
 */
import type { Clock, LeaseStore, Logger } from '../../core/ports.js';
import type { GatewaySession } from './gateway-session.js';

export interface GatewayLeaderOptions {
  leases: LeaseStore;
  key: string;
  /** Identifies this process; the same owner string the runtime uses for its leases is fine. */
  owner: string;
  ttlMs: number;
  clock: Clock;
  log: Logger;
  /** Opens a session (resolves once ready); throws when it cannot. */
  connect(): Promise<GatewaySession>;
}

export interface GatewayLeader {
  /**
   * One attempt to take the lease; when won, waits for the session, so a bad token fails the start loudly.
   * A follower returns at once and keeps trying in the background.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  isLeader(): boolean;
}

export function createGatewayLeader(opts: GatewayLeaderOptions): GatewayLeader {
  const { leases, key, owner, ttlMs, clock, log } = opts;
  const intervalMs = Math.max(250, Math.floor(ttlMs / 3));
  let held = false;
  let renewedAt = 0;
  let session: GatewaySession | null = null;
  let connecting: Promise<void> | null = null;
  let stepping: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let followerLogged = false;

  async function closeSession(reason: string, level: 'warn' | 'info' = 'warn'): Promise<void> {
    held = false;
    await connecting?.catch(() => undefined);
    const current = session;
    session = null;
    if (current) {
      log[level]({ key }, `discord: closing the gateway session: ${reason}`);
      await current.close().catch((err: unknown) => log.warn({ err }, 'discord: gateway session did not close cleanly'));
    }
  }

  function openSession(): Promise<void> {
    const attempt = (async () => {
      try {
        const opened = await opts.connect();
        // The lease may have been lost (or stop() called) while connecting: never keep a session without it.
        if (!held || stopped) await opened.close().catch(() => undefined);
        else session = opened;
      } catch (err) {
        held = false;
        await leases.release(key, owner).catch(() => undefined);
        throw err;
      } finally {
        connecting = null;
      }
    })();
    connecting = attempt;
    return attempt;
  }

  async function renew(): Promise<void> {
    try {
      if (await leases.renew(key, owner, ttlMs)) {
        renewedAt = clock.now();
        return;
      }
      await closeSession('another instance holds the gateway lease now');
    } catch (err) {
      // The store is unreachable: keep the session while the lease surely still stands, then give it up,
      // because once the lease has expired another instance may take it as soon as the store is back.
      if (clock.now() - renewedAt < ttlMs - intervalMs) {
        log.debug({ err, key }, 'discord: gateway lease renewal failed; retrying');
        return;
      }
      await closeSession(`gateway lease could not be renewed for ${clock.now() - renewedAt} ms (${(err as Error).message})`);
    }
  }

  /** Returns the connection attempt when this step won the lease. */
  async function tryAcquire(): Promise<Promise<void> | null> {
    let won: boolean;
    try {
      const before = clock.now();
      won = await leases.acquire(key, owner, ttlMs);
      renewedAt = before;
    } catch (err) {
      log.debug({ err, key }, 'discord: gateway lease check failed; retrying');
      return null;
    }
    if (!won) {
      if (!followerLogged) log.info({ key }, 'discord: another instance holds the gateway session; this one posts alerts and takes over if it stops');
      followerLogged = true;
      return null;
    }
    held = true;
    followerLogged = false;
    log.info({ key }, 'discord: gateway lease acquired; connecting');
    return openSession();
  }

  async function step(): Promise<Promise<void> | null> {
    if (stopped) return null;
    if (held) {
      await renew();
      return null;
    }
    return tryAcquire();
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      stepping = step().then((attempt) => {
        attempt?.catch((err: unknown) => log.error({ err }, 'discord: gateway connection failed; the lease is released for another try'));
      }).finally(schedule);
    }, intervalMs);
  }

  return {
    async start() {
      const attempt = await step();
      try {
        if (attempt) await attempt;
      } catch (err) {
        stopped = true;
        throw err;
      }
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await stepping.catch(() => undefined);
      const wasHeld = held;
      await closeSession('shutting down', 'info');
      // Released at once, so a follower takes over without waiting for the lease to run out.
      if (wasHeld) await leases.release(key, owner).catch(() => undefined);
    },
    isLeader: () => held && session !== null,
  };
}
