/**
 * A first poll with backfill none keeps its items raw for previews (app/read-feed-items): through the real
 * runtime, fetcher and SQLite file, what a preview reads back is clean text, and nothing alerted.
 */
import { afterEach, expect, test } from 'vitest';
import { startConsoleRuntime } from '../../helpers/console-runtime.js';
import { startFeedServer } from '../../helpers/feed-server.js';

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
  const now = Date.parse('2021-07-06T12:00:00Z');
  const { runtime, stores, lines } = await startConsoleRuntime(now, {
    feeds: [{ id: 'wire', name: 'Wire', url: server.url('/wire.xml'), schedule: '*/2 * * * *' }],
    channels: [{ id: 'desk', platform: 'console', source: 'config' }],
    subscriptions: [{ id: 'bagram', channel: 'desk', query: 'Bagram', source: 'config', createdAt: 0 }],
    backfill: 'none',
  }, cleanup);

  await runtime.pollAll();
  await runtime.drain(5_000);
  expect(lines).toEqual([]);
  const read = (await stores.recent.listSince(0)).sort((x, y) => x.id.localeCompare(y.id));
  expect(read.map((a) => [a.id, a.title, a.text, a.raw])).toEqual([
    ['b1', 'Taliban near Bagram', 'Fighters moved on the Bagram base & the road.', undefined],
    ['b2', 'Quiet market day', 'Prices held.', undefined],
  ]);
});
