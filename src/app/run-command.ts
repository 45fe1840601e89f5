import type { Logger } from '../core/ports.js';
import type { AppConfig } from '../config/schema.js';
import { createApp, type App, type AppDeps } from './create-app.js';
import { serveHealth, type HealthCheck, type HealthServer } from './serve-health.js';
import { collectStatusView } from './status-page/collect-status-view.js';
import { renderStatusPage } from './status-page/render-status-page.js';
import { sleep } from './system-clock.js';
import { watchConfig } from './watch-config.js';

export interface RunOptions extends AppDeps {
  once: boolean;
  /** Re-reads and validates the config file; throws a ConfigError for an invalid edit. */
  reloadConfig: () => Promise<AppConfig>;
  configPath: string;
  /** NEWSBOT_STATUS_TOKEN: opens the status page beyond loopback addresses. */
  statusToken?: string;
}

/** Time handles left open after shutdown (a hung socket, a library timer) get before the process exits anyway. */
const EXIT_GRACE_MS = 1000;

/** `newsbot run`: resolves with the exit code. */
export async function runBot(opts: RunOptions): Promise<number> {
  const { log } = opts;
  // Listening from the first moment: a SIGTERM while platforms connect still shuts down cleanly with exit 0.
  const stopSignal = listenForStop(log, opts.config.delivery.shutdownTimeout);
  try {
    const app = await createApp(opts);
    if (stopSignal.received()) return await shutdown(app, opts, null);
    return opts.once ? await runOnce(app, opts, stopSignal.promise) : await runForever(app, opts, stopSignal.promise);
  } finally {
    stopSignal.dispose();
  }
}

async function runOnce(app: App, opts: RunOptions, stopped: Promise<string>): Promise<number> {
  const { runtime } = app;
  const work = (async () => {
    await runtime.pollAll({ ignoreBackoff: true });
    return runtime.drain(opts.config.delivery.shutdownTimeout);
  })();
  // After a signal the work may fail against the closing store: that must not become an unhandled rejection.
  work.catch(() => undefined);
  const first = await Promise.race([work, stopped]);
  if (typeof first === 'string') return shutdown(app, opts, null);
  const { polls, pollFailures, alertsDelivered } = app.runtime.metrics;
  opts.log.info({ feedsPolled: polls, feedsFailed: pollFailures, delivered: alertsDelivered,
    channelsWaiting: first.notDue + first.blocked + first.claimed }, 'one poll cycle done');
  await app.close();
  exitSoon(0, opts.log);
  return 0;
}

async function runForever(app: App, opts: RunOptions, stopped: Promise<string>): Promise<number> {
  const { runtime, stores } = app;
  const { log } = opts;
  let health: HealthServer | null = null;
  if (opts.config.http.port !== undefined) {
    const check = async (): Promise<HealthCheck> => {
      if (runtime.stopping()) return { ok: false, reason: 'shutting down' };
      // A store that does not answer means nothing is polled or delivered: let the orchestrator restart us.
      const timeout = new AbortController();
      const probe = stores.feedState.get('\u0000healthz').then(() => ({ ok: true }));
      try {
        return await Promise.race([probe, sleep(2000, timeout.signal).then(() => ({ ok: false, reason: 'store does not answer in 2 s' }))]);
      } finally {
        timeout.abort();
      }
    };
    try {
      const status = {
        token: opts.statusToken,
        render: async () => renderStatusPage(await collectStatusView({
          config: app.config, stores, journal: app.journal, clock: opts.clock, unconfigured: opts.platformEnv.missing,
        })),
      };
      health = await serveHealth({ port: opts.config.http.port, host: opts.config.http.host, metrics: runtime.metrics, check, log, status });
    } catch (err) {
      log.error({ err, port: opts.config.http.port }, `cannot serve /healthz and /metrics on port ${opts.config.http.port}: ${(err as Error).message}`);
      await app.close();
      return 2;
    }
  }
  runtime.start();
  const watcher = watchConfig({
    path: opts.configPath, load: opts.reloadConfig, apply: app.reload, log,
  });
  log.info({ feeds: opts.config.feeds.length, channels: opts.config.channels.length, pid: process.pid }, 'newsbot running');
  await stopped;
  watcher.close();
  return shutdown(app, opts, health);
}

/** Stop scheduling, give in-flight posts the deadline, leave the rest queued, close the store, exit 0. */
async function shutdown(app: App, opts: RunOptions, health: HealthServer | null): Promise<number> {
  const { log } = opts;
  const deadline = app.config().delivery.shutdownTimeout;
  await app.runtime.stop(deadline);
  await health?.close();
  await app.close();
  log.info('stopped');
  exitSoon(0, log);
  return 0;
}

function listenForStop(log: Logger, deadlineMs: number) {
  let signal: string | null = null;
  let resolve!: (signal: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  const onSignal = (name: NodeJS.Signals) => {
    if (signal) {
      log.warn({ signal: name }, `${name} again: exiting now; unsent alerts stay queued`);
      process.exit(1);
    }
    signal = name;
    log.info({ signal: name }, `${name}: finishing in-flight posts (up to ${deadlineMs} ms); the rest stays queued`);
    resolve(name);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    promise,
    received: () => signal !== null,
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}

/** The work is done and the store closed; a socket a library forgot must not keep the process alive. */
function exitSoon(code: number, log: Logger): void {
  setTimeout(() => {
    log.warn('open handles after shutdown; exiting anyway');
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
}
