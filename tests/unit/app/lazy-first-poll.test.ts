/**
 * A first poll with backfill none keeps its items raw for previews (app/read-feed-items): through the real
 * runtime, fetcher and SQLite file, what a preview reads back is clean text, and nothing alerted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createRuntime } from '../../../src/app/create-runtime.js';
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

const item = (guid: string, title: string, html: string) =>
  `<item><guid>${guid}</guid><title>${title}</title><description><![CDATA[${html}]]></description></item>`;

test('previews read a first poll\'s items as clean text, though the poll neither extracted nor matched them', async () => {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  server.route('/wire.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>${item('b1', 'Taliban near &lt;b&gt;Bagram&lt;/b&gt;',
      '<p>Fighters moved on the <a href="https://x.example">Bagram</a> base &amp; the road.</p><script>alert(1)</script>')}` +
    `${item('b2', 'Quiet market day', '<p>Prices held.</p>')}</channel></rss>`));
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-lazy-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const now = Date.parse('2021-07-06T12:00:00Z');
  const clock = { now: () => now };
  const stores = await openStores(`sqlite://${join(dir, 'store.sqlite')}`, { clock });
  cleanup.push(() => stores.close());
  const fetcher = createFetcher({ clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  cleanup.push(() => fetcher.close());
  const lines: string[] = [];
  const stdout = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
  const runtime = createRuntime({
    settings: {
      feeds: [{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), schedule: '*/2 * * * *' }],
      channels: [{ id: 'desk', platform: 'console', source: 'config' }],
      subscriptions: [{ id: 'bagram', channel: 'desk', query: 'Bagram', source: 'config', createdAt: 0 }],
      backfill: 'none', seenTtlMs: 86_400_000, failureThreshold: 1, concurrency: 2, retryBaseMs: 1000, retryMaxMs: 8000,
      claimTtlMs: 30_000, leaseTtlMs: 30_000, noticesChannel: null,
    },
    stores, fetcher, platforms: new Map([['console', createConsolePlatform(stdout)]]),
    compileMatcher: (subs) => compileMatcher(subs), clock, log: quiet, owner: 'me',
  });
  cleanup.push(() => runtime.stop(0));

  await runtime.pollAll();
  await runtime.drain(5_000);
  expect(lines).toEqual([]);
  const read = (await stores.recent.listSince(0)).sort((x, y) => x.id.localeCompare(y.id));
  expect(read.map((a) => [a.id, a.title, a.text, a.raw])).toEqual([
    ['b1', 'Taliban near Bagram', 'Fighters moved on the Bagram base & the road.', undefined],
    ['b2', 'Quiet market day', 'Prices held.', undefined],
  ]);
});
