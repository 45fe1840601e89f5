import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Server } from 'node:http';
import type { Logger } from '../core/ports.js';
import type { AppConfig } from '../config/schema.js';
import { createApp, type AppDeps } from './create-app.js';
import { serveHealth } from './serve-health.js';

export interface RunOptions extends AppDeps {
  once: boolean;
  /** Re-reads and validates the config file; throws a ConfigError for an invalid edit. */
  reloadConfig: () => Promise<AppConfig>;
  configPath: string;
}

/** `newsbot run`: resolves with the exit code. */
export async function runBot(opts: RunOptions): Promise<number> {
  const { log } = opts;
  const app = await createApp(opts);
  const { runtime } = app;
  if (opts.once) {
    await runtime.pollAll();
    const report = await runtime.drain(opts.config.delivery.shutdownTimeout);
    log.info({ delivered: report.delivered, pendingChannels: report.notDue + report.blocked }, 'one poll cycle done');
    await app.close();
    return 0;
  }

  runtime.start();
  let health: Server | null = null;
  if (opts.config.http.port !== undefined) {
    health = await serveHealth(opts.config.http.port, runtime.metrics, () => true, log);
  }
  const reload = createReloader(opts, app.reload, log);
  const watcher = watchConfig(opts.configPath, reload.trigger, log);
  process.on('SIGHUP', reload.trigger);
  log.info({ feeds: opts.config.feeds.length, channels: opts.config.channels.length }, 'newsbot running');

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, `${signal}: finishing in-flight posts (up to ${opts.config.delivery.shutdownTimeout} ms)`);
      resolve();
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  });
  watcher?.close();
  process.off('SIGHUP', reload.trigger);
  health?.close();
  await runtime.stop(opts.config.delivery.shutdownTimeout);
  await app.close();
  log.info('stopped');
  return 0;
}

function createReloader(opts: RunOptions, apply: (c: AppConfig) => Promise<void>, log: Logger) {
  let timer: NodeJS.Timeout | null = null;
  let chain = Promise.resolve();
  const reloadNow = async () => {
    try {
      const next = await opts.reloadConfig();
      await apply(next);
      log.info({ feeds: next.feeds.length, subscriptions: next.subscriptions.length }, 'config reloaded');
    } catch (err) {
      log.error({ file: opts.configPath }, `config edit rejected, the last good config keeps running: ${(err as Error).message}`);
    }
  };
  return {
    trigger: () => {
      // Editors write a file in several steps; one reload after they settle.
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => { chain = chain.then(reloadNow); }, 250);
    },
  };
}

/** Watches the directory, not the file: editors save by writing a new file and renaming it over the old one. */
function watchConfig(path: string, onChange: () => void, log: Logger): FSWatcher | null {
  const name = basename(path);
  try {
    return watch(dirname(path), (_event, file) => {
      if (file === null || file === name) onChange();
    });
  } catch (err) {
    log.warn({ err, file: path }, 'cannot watch the config file; send SIGHUP to reload');
    return null;
  }
}
