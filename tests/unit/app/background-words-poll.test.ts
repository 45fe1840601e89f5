/**
 * The poll learns the stream's background words (core/lifecycle/background-words) from every article it reads,
 * matched or not: through the real runtime, fetcher, SQLite file and console platform, two outlets' stories of
 * different events that share only a wire's everyday wording stay two alerts once the stream has shown that wording
 * to be everyday, while another outlet's copy of one event is still "also reported by". The same polls without the
 * everyday stream merge the two different events, which is what the learning is for.
 */
import { afterEach, expect, test } from 'vitest';
import { startConsoleRuntime } from '../../helpers/console-runtime.js';
import { startFeedServer } from '../../helpers/feed-server.js';

let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

// A wire's everyday wording, none of it on the stopword list.
const EVERYDAY = ('officials government minister security forces region city people week capital province police ' +
  'leaders country council agency talks border').split(' ');
const NOW = Date.parse('2021-07-02T12:00:00Z');

function rss(items: string[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>${items.join('')}</channel></rss>`;
}
function item(guid: string, minutesAgo: number, title: string, body: string): string {
  const date = new Date(NOW - minutesAgo * 60_000).toUTCString();
  return `<item><guid>${guid}</guid><title>${title}</title><pubDate>${date}</pubDate><description>${body}</description></item>`;
}
function everyday(seed: number, count: number): string {
  return Array.from({ length: count }, (_, i) => EVERYDAY[(seed * 7 + i * 3) % EVERYDAY.length]).join(' ');
}

// Items of a chatty feed: everyday wording around a word of their own, about nothing anyone follows.
const chatter = Array.from({ length: 260 }, (_, i) =>
  item(`c${i}`, 200 + i, `${everyday(i, 5)} story${i}`, `${everyday(i + 1, 14)} detail${i}.`));
// Two events at Bagram told in the same everyday words: a handover, and looting the next hour.
const HANDOVER = item('a-handover', 90, `Bagram handover ${everyday(1, 6)}`, `Keys ceremony signed ${everyday(2, 14)}.`);
const LOOTING = item('b-looting', 60, `Bagram looting ${everyday(3, 6)}`, `Scavengers stripped warehouses ${everyday(4, 14)}.`);
// One event, two outlets.
const CRASH_A = item('a-crash', 40, 'Helicopter crash near Bagram kills crew',
  'A military helicopter crashed near Bagram airfield at dawn, killing its four crew members, the defence ministry said.');
const CRASH_B = item('b-crash', 30, 'Four crew die as helicopter crashes near Bagram',
  'Four crew members were killed when their helicopter crashed at dawn near the Bagram airfield, the defence ministry said.');

async function runPolls(withChatter: boolean, backgroundShare?: number): Promise<Array<{ kind: string; title: string }>> {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  const serve = (path: string, body: string) =>
    server.route(path, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
  serve('/chatter.xml', rss(chatter));
  serve('/a.xml', rss([CRASH_A, HANDOVER]));
  serve('/b.xml', rss([CRASH_B, LOOTING]));
  const feed = (id: string) => ({ id, name: id, url: server.url(`/${id}.xml`), schedule: '*/2 * * * *' });
  const { runtime, lines } = await startConsoleRuntime(NOW, {
    feeds: [feed('chatter'), feed('a'), feed('b')],
    channels: [{ id: 'desk', platform: 'console', source: 'config' }],
    subscriptions: [{ id: 'bagram', channel: 'desk', query: 'Bagram', source: 'config', createdAt: 0 }],
    backfill: 'all', concurrency: 1,
    ...(backgroundShare !== undefined ? { lifecycle: { windowMs: 6 * 3_600_000, threshold: 0.25, backgroundShare } } : {}),
  }, cleanup);
  if (withChatter) await runtime.pollFeeds(['chatter']);
  await runtime.pollFeeds(['a']);
  await runtime.pollFeeds(['b']);
  await runtime.drain(5_000);
  return lines.map((l) => JSON.parse(l) as { kind: string; title: string }).map(({ kind, title }) => ({ kind, title }));
}

test('after a stream of everyday wording, two events told in it are two alerts; one event from two outlets is still one', async () => {
  const out = await runPolls(true);
  expect(out.filter((l) => l.title.startsWith('Bagram')).map((l) => l.kind)).toEqual(['alert', 'alert']);
  expect(out.filter((l) => l.title.includes('elicopter')).map((l) => l.kind).sort()).toEqual(['alert', 'also']);
});

test('without that stream, the same two events read as one (what the learning corrects)', async () => {
  const out = await runPolls(false);
  expect(out.filter((l) => l.title.startsWith('Bagram')).map((l) => l.kind).sort()).toEqual(['alert', 'also']);
});

test('lifecycle.backgroundShare: 1 turns it off: the same stream, and the two events read as one again', async () => {
  const out = await runPolls(true, 1);
  expect(out.filter((l) => l.title.startsWith('Bagram')).map((l) => l.kind).sort()).toEqual(['alert', 'also']);
});
