/**
 * The composed runtime: a reload reaches all three parts (poll scheduler, delivery loop, feed notices). Real
 * in-memory store, real fetcher against a loopback feed, the real console platform, a manual clock.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createRuntime, type RuntimeSettings } from '../../../src/app/create-runtime.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import type { Logger } from '../../../src/core/ports.js';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import { createConsolePlatform } from '../../../src/platforms/console/create-console-platform.js';
import { openStores } from '../../../src/store/open-stores.js';
import { startFeedServer } from '../../helpers/feed-server.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

test('a reload that adds a feed, a channel and notices.channel takes effect in polling, delivery and notices', async () => {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  let wireStatus = 500;
  const rss = (guid: string, title: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>${guid}</guid><title>${title}</title></item></channel></rss>`;
  server.route('/wire.xml', (_req, res) => void (wireStatus === 200
    ? res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('w1', 'Calm day'))
    : res.writeHead(wireStatus).end('down')));
  server.route('/extra.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('x1', 'Storm warning')));
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = { now: () => now };
  const stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const fetcher = createFetcher({ clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  cleanup.push(() => fetcher.close());
  const lines: Array<Record<string, unknown>> = [];
  const stdout = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk)) as Record<string, unknown>); done(); } });
  const feed = (id: string) => ({ id, name: id, url: server.url(`/${id}.xml`), schedule: '*/2 * * * *' });
  const before: RuntimeSettings = {
    feeds: [feed('wire')], channels: [], subscriptions: [], backfill: 'all', seenTtlMs: 86_400_000, failureThreshold: 1,
    concurrency: 2, retryBaseMs: 1000, retryMaxMs: 8000, claimTtlMs: 30_000, leaseTtlMs: 30_000, noticesChannel: null,
  };
  const runtime = createRuntime({
    settings: before, stores, fetcher, platforms: new Map([['console', createConsolePlatform(stdout)]]),
    compileMatcher: (subs) => compileMatcher(subs), clock, log: quiet, owner: 'me',
  });
  cleanup.push(() => runtime.stop(0));

  await runtime.pollAll();
  expect((await stores.feedState.get('wire'))?.failing).toBe(true);
  expect(await stores.outbox.channelsWithPending()).toEqual([]);

  await runtime.applySettings({
    ...before, feeds: [feed('wire'), feed('extra')], channels: [{ id: 'ops', platform: 'console', source: 'config' }],
    subscriptions: [{ id: 'storms', channel: 'ops', query: 'storm', source: 'config', createdAt: 0 }], noticesChannel: 'ops',
  });
  wireStatus = 200;
  now += 2 * 3_600_000;
  await runtime.pollAll();
  await runtime.drain(1000);
  expect(lines.map((l) => [l.kind, l.title]).sort()).toEqual([['alert', 'Storm warning'], ['notice', 'Feed "wire" recovered']]);
  expect(runtime.metrics).toMatchObject({ polls: 3, pollFailures: 1, alertsQueued: 1, alertsDelivered: 2 });

  expect(runtime.stopping()).toBe(false);
  await runtime.stop(100);
  expect(runtime.stopping()).toBe(true);
  await runtime.pollAll();
  expect(server.hits('/wire.xml') + server.hits('/extra.xml')).toBe(3);
});
