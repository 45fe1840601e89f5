/**
 * The poll scheduler with the real in-memory store, the real fetcher against a loopback feed server and a
 * manual clock. Ticks are fired by hand through the injected schedule (cron would need real minutes); what
 * they report as the next run follows the manual clock.
 */
import { afterEach, expect, test } from 'vitest';
import { createMetrics } from '../../../src/app/metrics.js';
import { createPollScheduler, type PollSettings, type RuntimeFeed } from '../../../src/app/poll-scheduler.js';
import type { SchedulePolls } from '../../../src/app/schedule-polls.js';
import { trackStoreOutage } from '../../../src/app/store-outage.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import type { Clock, FeedState, Logger, Stores } from '../../../src/core/ports.js';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import { openStores } from '../../../src/store/open-stores.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const NEXT_TICK_IN_MS = 10_000;
const LEASE_TTL_MS = 30_000;

/** Schedules that only fire when told to; each reports its next run NEXT_TICK_IN_MS after the clock's now. */
function manualSchedule(clock: Clock) {
  const made: Array<{ ids: string[]; onTick: (ids: string[]) => Promise<void>; stopped: boolean }> = [];
  const schedulePolls: SchedulePolls = (feeds, onTick) => {
    const s = { ids: feeds.map((f) => f.id), onTick, stopped: false };
    made.push(s);
    return {
      async stop() { s.stopped = true; },
      nextRun: (id) => (!s.stopped && s.ids.includes(id) ? new Date(clock.now() + NEXT_TICK_IN_MS) : null),
    };
  };
  return { schedulePolls, made, fire: () => made.at(-1)!.onTick(made.at(-1)!.ids) };
}

const rss = (items: Array<[string, string]>) => `<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>${
  items.map(([guid, title]) => `<item><guid>${guid}</guid><title>${title}</title></item>`).join('')}</channel></rss>`;

function polled(at: number, extra: Partial<FeedState> = {}): FeedState {
  return { etag: null, lastModified: null, bodyHash: null, consecutiveFailures: 0, lastSuccessAt: at, lastErrorAt: null,
    lastError: null, nextPollAt: null, failing: false, ...extra };
}

async function rig(opts: { feeds?: string[]; clock?: Clock & { advance?(ms: number): void } } = {}) {
  const server: FeedServer = await startFeedServer();
  cleanup.push(() => server.stop());
  let items: Array<[string, string]> = [['q1', 'Earthquake shakes the coast']];
  server.route('/wire.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items)));
  server.route('/other.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([])));
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = opts.clock ?? { now: () => now, advance: (ms: number) => void (now += ms) };
  const stores: Stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const fetcher = createFetcher({ clock, allowPrivateNetworks: true, timeoutMs: 5000 });
  cleanup.push(() => fetcher.close());
  const feed = (id: string): RuntimeFeed => ({ id, name: id, url: server.url(`/${id}.xml`), schedule: '*/2 * * * *' });
  const settings = (feeds: string[], queries: string[]): PollSettings => ({
    feeds: feeds.map(feed),
    subscriptions: queries.map((query, i) => ({ id: `s${i}`, channel: 'desk', query, source: 'config', createdAt: 0 })),
    backfill: 'all', seenTtlMs: 86_400_000, failureThreshold: 3, concurrency: 1, leaseTtlMs: LEASE_TTL_MS,
  });
  const ticks = manualSchedule(clock);
  const metrics = createMetrics();
  let kicks = 0;
  const stopping = new AbortController();
  const scheduler = createPollScheduler({
    settings: settings(opts.feeds ?? ['wire'], ['earthquake']), stores, fetcher, compileMatcher: (subs) => compileMatcher(subs),
    clock, log: quiet, owner: 'me', metrics, outage: trackStoreOutage(quiet, clock), signal: stopping.signal,
    onAlertsQueued: () => void kicks++, onFeedHealthChange: () => undefined, schedulePolls: ticks.schedulePolls,
  });
  cleanup.push(() => scheduler.stop());
  const queued = async () => (await stores.outbox.pending('desk')).map((e) => `${e.alert.id}:${e.alert.subscriptions.join(',')}`);
  return {
    scheduler, stores, server, metrics, ticks, clock, settings, queued, stopping,
    advance: (ms: number) => clock.advance?.(ms), kicks: () => kicks, setItems: (next: Array<[string, string]>) => void (items = next),
  };
}

const takenByOther = (stores: Stores, feedId: string) => stores.leases.acquire(`poll:${feedId}`, 'other', LEASE_TTL_MS);

test('a tick polls its feeds and queues alerts; the lease is held until just before the next tick, then free', async () => {
  const r = await rig();
  await r.scheduler.start();
  expect(r.server.hits('/wire.xml')).toBe(1);
  r.advance(NEXT_TICK_IN_MS);
  await r.ticks.fire();
  expect(r.server.hits('/wire.xml')).toBe(2);
  expect(await r.queued()).toEqual(['q1:s0']);
  expect(r.kicks()).toBe(1);
  expect(r.metrics).toMatchObject({ polls: 2, pollFailures: 0, alertsQueued: 1 });
  r.advance(NEXT_TICK_IN_MS - 600);
  expect(await takenByOther(r.stores, 'wire')).toBe(false);
  r.advance(200);
  expect(await takenByOther(r.stores, 'wire')).toBe(true);
});

test('a feed whose lease another instance holds is not fetched; one it already polled for this tick neither', async () => {
  const r = await rig({ feeds: ['wire', 'other'] });
  await r.scheduler.start();
  r.advance(60_000);
  expect(await takenByOther(r.stores, 'wire')).toBe(true);
  await r.stores.feedState.set('other', polled(r.clock.now() - 300));
  await r.ticks.fire();
  expect([r.server.hits('/wire.xml'), r.server.hits('/other.xml')]).toEqual([1, 1]);
  // The skipped feed's lease was given back at once, not held.
  expect(await takenByOther(r.stores, 'other')).toBe(true);
});

test('two rounds of one process reaching a feed at once (start-up poll and a tick) fetch it once', async () => {
  const r = await rig();
  const tickAt = r.clock.now();
  await Promise.all([r.scheduler.pollFeeds(['wire'], tickAt), r.scheduler.pollFeeds(['wire'], tickAt)]);
  expect(r.server.hits('/wire.xml')).toBe(1);
  expect(r.metrics.polls).toBe(1);
});

test('the start-up poll skips a feed polled within one lease period and polls one polled before that', async () => {
  const r = await rig({ feeds: ['wire', 'other'] });
  await r.stores.feedState.set('wire', polled(r.clock.now() - LEASE_TTL_MS / 2));
  await r.stores.feedState.set('other', polled(r.clock.now() - LEASE_TTL_MS * 2));
  await r.scheduler.start();
  expect([r.server.hits('/wire.xml'), r.server.hits('/other.xml')]).toEqual([0, 1]);
});

test('a feed backing off is left alone by a tick; pollAll with ignoreBackoff (run --once) polls it', async () => {
  const r = await rig();
  await r.stores.feedState.set('wire', polled(r.clock.now() - 3_600_000, { consecutiveFailures: 2, nextPollAt: r.clock.now() + 600_000 }));
  await r.scheduler.pollAll();
  expect(r.server.hits('/wire.xml')).toBe(0);
  await r.scheduler.pollAll({ ignoreBackoff: true });
  expect(r.server.hits('/wire.xml')).toBe(1);
});

test('a command subscription counts from the next tick; a reload replaces config subscriptions and reschedules', async () => {
  const r = await rig();
  await r.scheduler.start();
  await r.stores.subscriptions.add({ id: 'cmd', channel: 'desk', query: 'flood', source: 'command', createdAt: r.clock.now() });
  r.advance(60_000);
  r.setItems([['q1', 'Earthquake shakes the coast'], ['f1', 'Flood warning upriver'], ['e2', 'Earthquake aftershock']]);
  await r.ticks.fire();
  expect(await r.queued()).toEqual(['q1:s0', 'f1:cmd', 'e2:s0']);

  await r.scheduler.apply(r.settings(['wire', 'other'], ['aftershock OR upriver']));
  expect(r.ticks.made.map((s) => [s.ids, s.stopped])).toEqual([[['wire'], true], [['wire', 'other'], false]]);
  r.advance(60_000);
  r.setItems([['a3', 'Second aftershock'], ['f2', 'Flood upriver recedes']]);
  await r.ticks.fire();
  expect((await r.queued()).slice(3)).toEqual(['a3:s0', 'f2:s0,cmd']);
  expect(r.server.hits('/other.xml')).toBe(1);
});

test('after stop no tick is scheduled, settle waits for the poll in flight, and its lease is released', async () => {
  const clock = { now: () => Date.now() };
  const r = await rig({ clock });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  r.server.route('/wire.xml', async (_req, res) => {
    await held;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss([]));
  });
  const startUp = r.scheduler.start();
  for (let i = 0; i < 200 && r.server.hits('/wire.xml') === 0; i++) await new Promise((ok) => setTimeout(ok, 10));
  await r.scheduler.stop();
  r.stopping.abort();
  expect(r.ticks.made[0]!.stopped).toBe(true);
  await r.scheduler.settle(50);
  expect(r.metrics.polls).toBe(1);
  const settled = r.scheduler.settle(10_000);
  release();
  await settled;
  await startUp;
  expect(await takenByOther(r.stores, 'wire')).toBe(true);
  await r.scheduler.pollAll();
  expect(r.server.hits('/wire.xml')).toBe(1);
});
