/**
 * The poll scheduler reading bodies in real worker threads (config `workers`): alerts as inline, a command
 * subscription reaches the workers by the next tick, a reload's subscriptions too.
 */
import { afterEach, expect, test } from 'vitest';
import { createMetrics } from '../../../src/app/metrics.js';
import { createPollScheduler, type PollSettings } from '../../../src/app/poll-scheduler.js';
import { createReadPool } from '../../../src/app/read-pool.js';
import type { SchedulePolls } from '../../../src/app/schedule-polls.js';
import { trackStoreOutage } from '../../../src/app/store-outage.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import type { Logger, Stores } from '../../../src/core/ports.js';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import { openStores } from '../../../src/store/open-stores.js';
import { startFeedServer } from '../../helpers/feed-server.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const rss = (items: Array<[string, string]>) => `<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>${
  items.map(([guid, title]) => `<item><guid>${guid}</guid><title>${title}</title></item>`).join('')}</channel></rss>`;

async function rig() {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  let items: Array<[string, string]> = [['q1', 'Earthquake shakes the coast']];
  server.route('/wire.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items)));
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = { now: () => now };
  const stores: Stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const fetcher = createFetcher({ clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  cleanup.push(() => fetcher.close());
  const readPool = createReadPool({ size: 2, log: quiet });
  cleanup.push(() => readPool.close());
  const settings = (queries: string[]): PollSettings => ({
    feeds: [{ id: 'wire', name: 'wire', url: server.url('/wire.xml'), schedule: '*/2 * * * *' }],
    subscriptions: queries.map((query, i) => ({ id: `s${i}`, channel: 'desk', query, source: 'config', createdAt: 0 })),
    backfill: 'all', seenTtlMs: 86_400_000, failureThreshold: 3, concurrency: 1, leaseTtlMs: 30_000,
  });
  let fire: () => Promise<void> = async () => undefined;
  const schedulePolls: SchedulePolls = (feeds, onTick) => {
    fire = () => onTick(feeds.map((f) => f.id));
    return { async stop() {}, nextRun: () => null };
  };
  const stopping = new AbortController();
  const scheduler = createPollScheduler({
    settings: settings(['earthquake']), stores, fetcher, compileMatcher: (subs) => compileMatcher(subs), readPool,
    clock, log: quiet, owner: 'me', metrics: createMetrics(), outage: trackStoreOutage(quiet, clock), signal: stopping.signal,
    onAlertsQueued: () => undefined, onFeedHealthChange: () => undefined, schedulePolls,
  });
  cleanup.push(() => scheduler.stop());
  const queued = async () => (await stores.outbox.pending('desk')).map((e) => `${e.alert.id}:${e.alert.subscriptions.join(',')}`).sort();
  return {
    scheduler, stores, readPool, settings, queued, tick: () => fire(),
    next: (more: Array<[string, string]>) => { items = [...items, ...more]; now += 120_000; },
  };
}

test('alerts come from the workers; a subscription added by command matches from the next tick on', async () => {
  const r = await rig();
  await r.scheduler.start();
  expect(await r.queued()).toEqual(['q1:s0']);
  expect(r.readPool.stats().threads).toBe(2);
  await r.stores.subscriptions.add({ id: 'cmd-coast', channel: 'desk', query: 'coast', source: 'command', createdAt: 0 });
  r.next([['q2', 'Storm reaches the coast']]);
  await r.tick();
  expect(await r.queued()).toEqual(['q1:s0', 'q2:cmd-coast']);
  expect(r.readPool.stats()).toMatchObject({ fallbacks: 0, restarts: 0 });
});

test('a reload with new subscriptions is compiled in the workers before the next tick reads', async () => {
  const r = await rig();
  await r.scheduler.start();
  await r.scheduler.apply(r.settings(['earthquake', 'harbour']));
  r.next([['q3', 'Harbour closed after earthquake']]);
  await r.tick();
  expect(await r.queued()).toEqual(['q1:s0', 'q3:s0,s1']);
  expect(await r.readPool.compiled()).toHaveLength(2);
});
