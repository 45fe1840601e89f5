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

test('a first poll keeps for previews only its share of the scanned window: each feed\'s newest raw items, every backfilled one', async () => {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  const now = Date.parse('2021-07-06T12:00:00Z');
  const hour = 3_600_000;
  // 300 items in shuffled order: 10 published within the backfill window (extracted), 290 older (stored raw).
  const ages = Array.from({ length: 300 }, (_, i) => (i < 10 ? i * 60_000 : 7 * hour + i * 60_000));
  const shuffled = ages.map((age, i) => ({ age, i })).sort((a, b) => ((a.i * 7919) % 300) - ((b.i * 7919) % 300));
  const items = shuffled.map(({ age, i }) => `<item><guid>n${i}</guid><title>Item ${i}</title>` +
    `<pubDate>${new Date(now - age).toUTCString()}</pubDate><description>Text ${i}</description></item>`).join('');
  server.route('/busy.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>Busy</title>${items}</channel></rss>`));
  server.route('/quiet.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'));
  // 20 feeds share the 5,000 articles previews scan: 250 each.
  const feeds = Array.from({ length: 20 }, (_, f) => ({ id: `f${f}`, name: `F${f}`, url: server.url(f === 0 ? '/busy.xml' : '/quiet.xml'),
    schedule: '*/2 * * * *' }));
  const { runtime, stores } = await startConsoleRuntime(now, {
    feeds, channels: [{ id: 'desk', platform: 'console', source: 'config' }],
    subscriptions: [{ id: 'none', channel: 'desk', query: 'Zanzibar', source: 'config', createdAt: 0 }],
    backfill: 6 * hour,
  }, cleanup);

  await runtime.pollAll();
  const kept = (await stores.recent.listSince(0, 10_000)).map((a) => Number(a.id.slice(1))).sort((x, y) => x - y);
  // The 10 backfilled items, and the 250 newest raw ones (age grows with the number): items 0–259, not the 40 oldest.
  expect(kept).toEqual(Array.from({ length: 260 }, (_, i) => i));
});
