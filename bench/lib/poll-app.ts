/**
 * The real app (createApp: config schema, SQLite store, undici fetcher, console platform, runtime) pointed at
 * the bench feed server. Alerts go to a null stream; warnings and errors are counted, not printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app/create-app.js';
import { createLogger } from '../../src/app/create-logger.js';
import { parseConfigValue, readPlatformEnv, type PlatformEnv } from '../../src/app/registered-config.js';
import { createSubscriptions } from './poll-corpus.js';
import type { BenchFeedServer } from './poll-feed-server.js';

export interface BenchAppOptions {
  server: BenchFeedServer;
  feeds: number;
  subscriptions: number;
  /** How many of them can match feed text (default all; see createSubscriptions). */
  matching?: number;
  /** Console channels the subscriptions are spread over. */
  channels?: number;
  backfill?: 'none' | 'all';
  schedule?: string;
  /** Extra config (discord channels, subscriptions) merged over the generated one. */
  extra?: { channels?: unknown[]; subscriptions?: unknown[] };
  platformEnv?: PlatformEnv;
  /** Feed n's URL (default server.url(n)). */
  urlOf?: (feed: number) => string;
  /** Config `workers` (default: unset, one per available core). */
  workers?: number;
  /** Keys set on every generated console channel (e.g. `{ clusters: 'off' }`). */
  channelKeys?: Record<string, unknown>;
}

export interface BenchApp {
  app: App;
  /** Alert lines written by the console platform. */
  alertLines(): number;
  /** Of those, "also reported by" lines (story lifecycle). */
  alsoLines(): number;
  /** Log lines at warn level or above. */
  logLines(): number;
  /** Closes the app and deletes the SQLite directory. */
  close(): Promise<void>;
}

export function nullStream(onLine: () => void = () => undefined, onText?: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      onText?.(text);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) onLine();
      cb();
    },
  });
}

export async function startBenchApp(opts: BenchAppOptions): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-bench-'));
  const channelCount = opts.channels ?? 20;
  const subs = createSubscriptions(opts.subscriptions, channelCount, opts.matching);
  const config = parseConfigValue({
    store: `sqlite://${join(dir, 'bench.sqlite')}`,
    schedule: opts.schedule ?? '0 0 1 1 *',
    backfill: opts.backfill ?? 'none',
    fetch: { allowPrivateNetworks: true, timeout: '20s' },
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    feeds: Array.from({ length: opts.feeds }, (_, f) => ({ id: `f${f}`, url: (opts.urlOf ?? opts.server.url)(f), name: `Wire ${f}` })),
    channels: [
      ...Array.from({ length: channelCount }, (_, i) => ({ id: `desk-${i}`, platform: 'console', ...opts.channelKeys })),
      ...(opts.extra?.channels ?? []),
    ],
    subscriptions: [...subs, ...(opts.extra?.subscriptions ?? [])],
  });
  let alerts = 0;
  let also = 0;
  let logs = 0;
  const log = createLogger({ level: 'warn', destination: nullStream(() => logs++) });
  const app = await createApp({
    config,
    platformEnv: opts.platformEnv ?? readPlatformEnv({}),
    clock: { now: () => Date.now() },
    log,
    stdout: nullStream(() => alerts++, (text) => {
      for (let i = text.indexOf('"kind":"also"'); i >= 0; i = text.indexOf('"kind":"also"', i + 1)) also++;
    }),
  });
  return {
    app,
    alertLines: () => alerts,
    alsoLines: () => also,
    logLines: () => logs,
    async close() {
      await app.runtime.stop(5_000);
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
