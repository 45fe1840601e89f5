/**
 * The real runtime on a fresh SQLite file, the real fetcher (loopback allowed) and the console platform writing to
 * a captured stream: what app tests that poll a local feed server and read the console lines need.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createRuntime, type RuntimeSettings } from '../../src/app/create-runtime.js';
import { compileMatcher } from '../../src/core/matcher/compile-matcher.js';
import type { Logger, Stores } from '../../src/core/ports.js';
import { createFetcher } from '../../src/feeds/create-fetcher.js';
import { createConsolePlatform } from '../../src/platforms/console/create-console-platform.js';
import { openStores } from '../../src/store/open-stores.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The settings every such test shares; `settings` adds feeds, channels, subscriptions and overrides. */
const BASE: Omit<RuntimeSettings, 'feeds' | 'channels' | 'subscriptions' | 'backfill'> = {
  seenTtlMs: 86_400_000, failureThreshold: 1, concurrency: 2, retryBaseMs: 1000, retryMaxMs: 8000,
  claimTtlMs: 30_000, leaseTtlMs: 30_000, noticesChannel: null,
};

export interface ConsoleRuntime {
  runtime: ReturnType<typeof createRuntime>;
  stores: Stores;
  /** Console lines written so far. */
  lines: string[];
}

/** Everything it opens is closed through `cleanup` (run in reverse by the caller's afterEach). */
export async function startConsoleRuntime(now: number, settings: Pick<RuntimeSettings, 'feeds' | 'channels' | 'subscriptions' | 'backfill'> & Partial<RuntimeSettings>,
  cleanup: Array<() => Promise<unknown> | void>): Promise<ConsoleRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-runtime-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { now: () => now };
  const stores = await openStores(`sqlite://${join(dir, 'store.sqlite')}`, { clock });
  cleanup.push(() => stores.close());
  const fetcher = createFetcher({ clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  cleanup.push(() => fetcher.close());
  const lines: string[] = [];
  const stdout = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const runtime = createRuntime({
    settings: { ...BASE, ...settings },
    stores, fetcher, platforms: new Map([['console', createConsolePlatform(stdout)]]),
    compileMatcher: (subs) => compileMatcher(subs), clock, log: quiet, owner: 'me',
  });
  cleanup.push(() => runtime.stop(0));
  return { runtime, stores, lines };
}
