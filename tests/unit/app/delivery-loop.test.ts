/**
 * The delivery loop with the real in-memory store and the real console platform writing to a stream the test
 * controls (it can fail a write or hold it). The clock is manual; drain's waits move it instead of passing time.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createDeliveryLoop, type DeliverySettings } from '../../../src/app/delivery-loop.js';
import { createMetrics } from '../../../src/app/metrics.js';
import { trackStoreOutage } from '../../../src/app/store-outage.js';
import { deliveryNonce, outboxKey } from '../../../src/core/alerts/delivery-keys.js';
import type { Alert } from '../../../src/core/model.js';
import type { Logger, OutboxEntry, Platform, Stores } from '../../../src/core/ports.js';
import { createConsolePlatform } from '../../../src/platforms/console/create-console-platform.js';
import { openStores } from '../../../src/store/open-stores.js';
import { plain } from '../../helpers/summary-runs.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function entry(channel: string, id: string, at: number): OutboxEntry {
  const alert: Alert = {
    channel, subscriptions: ['s'], feed: 'wire', feedName: 'Wire', feedUrl: 'https://wire.test/feed', id, title: `Story ${id}`,
    link: null, published: null, matched: ['story'], summary: [plain('story')], firstSeenAt: at,
  };
  const key = outboxKey(channel, id);
  return { key, channel, alert, nonce: deliveryNonce(key), enqueuedAt: at, attempts: 0, nextAttemptAt: at, lastError: null };
}

/** A stdout the test steers: `hold()` keeps writes waiting until the returned release. */
function steeredStdout() {
  const lines: Array<{ id: string; channel: string }> = [];
  let gate: Promise<void> | null = null;
  let waiting = 0;
  const stream = new Writable({
    write(chunk, _enc, done) {
      waiting++;
      void (gate ?? Promise.resolve()).then(() => {
        waiting--;
        lines.push(JSON.parse(String(chunk)) as { id: string; channel: string });
        done();
      });
    },
  });
  return {
    stream, lines, waiting: () => waiting,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => { gate = null; release(); };
    },
  };
}

const settingsFor = (channels: string[]): DeliverySettings => ({
  channels: channels.map((id) => ({ id, platform: 'console', source: 'config' })),
  claimTtlMs: 30_000, retryBaseMs: 1000, retryMaxMs: 8000,
});

async function rig(opts: { channels?: string[]; realSleep?: boolean } = {}) {
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = { now: () => now };
  const stores: Stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const out = steeredStdout();
  const metrics = createMetrics();
  const stopping = new AbortController();
  // The real console platform, preceded by `failNext` answers such as a platform in a brief outage gives.
  const consolePlatform = createConsolePlatform(out.stream);
  let failNext = 0;
  const platform: Platform = {
    ...consolePlatform,
    deliver: (attempt) => (failNext-- > 0 ? Promise.resolve({ ok: false, retry: true, error: 'HTTP 503' }) : consolePlatform.deliver(attempt)),
  };
  const loop = createDeliveryLoop({
    settings: settingsFor(opts.channels ?? ['desk']), stores, platforms: new Map([['console', platform]]),
    owner: 'me', clock, log: quiet, metrics, outage: trackStoreOutage(quiet, clock), signal: stopping.signal,
    sleep: opts.realSleep ? undefined : async (ms) => void (now += ms),
  });
  cleanup.push(() => loop.stop(0));
  return { loop, stores, out, metrics, stopping, clock, failNext: (n: number) => void (failNext = n), advance: (ms: number) => void (now += ms) };
}

async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('delivers to config and command channels; a config channel wins over a stored one with the same id', async () => {
  const { loop, stores, out, metrics, clock } = await rig();
  await stores.channels.ensure({ id: 'desk', platform: 'slack', channel: 'C1', source: 'command' });
  await stores.channels.ensure({ id: 'console:night', platform: 'console', source: 'command' });
  await stores.outbox.enqueue([entry('desk', 'a1', clock.now()), entry('desk', 'a2', clock.now()), entry('console:night', 'n1', clock.now())]);
  const report = await loop.deliverNow();
  expect(report).toMatchObject({ delivered: 3, retried: 0, blocked: 0 });
  expect(out.lines.filter((l) => l.channel === 'desk').map((l) => l.id)).toEqual(['a1', 'a2']);
  expect(metrics.alertsDelivered).toBe(3);
  expect(metrics.latencyCount).toBe(3);
});

test('asking during a round joins it, and the round goes once more for what arrived meanwhile', async () => {
  const { loop, stores, out, clock } = await rig({ channels: ['desk', 'wire'] });
  await stores.outbox.enqueue([entry('desk', 'a1', clock.now())]);
  const release = out.hold();
  const first = loop.deliverNow();
  await until(() => out.waiting() === 1, 'the first send');
  await stores.outbox.enqueue([entry('wire', 'w1', clock.now())]);
  const second = loop.deliverNow();
  expect(second).toBe(first);
  release();
  await second;
  expect(out.lines.map((l) => l.id)).toEqual(['a1', 'w1']);
});

test('a round delivers a queue longer than one batch, in order; one arriving for the channel mid-round goes in the next', async () => {
  const { loop, stores, out, clock } = await rig();
  const ids = Array.from({ length: 120 }, (_, i) => `d${i}`);
  await stores.outbox.enqueue(ids.map((id) => entry('desk', id, clock.now())));
  const release = out.hold();
  const round = loop.deliverNow();
  await until(() => out.waiting() === 1, 'the first send');
  await stores.outbox.enqueue([entry('desk', 'late', clock.now())]);
  expect(loop.deliverNow()).toBe(round);
  release();
  expect(await round).toMatchObject({ retried: 0, notDue: 0 });
  expect(out.lines.map((l) => l.id)).toEqual([...ids, 'late']);
});

test('rounds start at least 100 ms apart while alerts keep coming; after a quiet spell the first goes at once', async () => {
  const { loop, stores, out, clock, advance } = await rig();
  await stores.outbox.enqueue([entry('desk', 'a1', clock.now())]);
  const first = clock.now();
  await loop.deliverNow();
  // The rig's sleep moves the clock instead of waiting: the first round did not wait, the next one waited 100 ms.
  expect(clock.now()).toBe(first);
  await stores.outbox.enqueue([entry('desk', 'a2', clock.now())]);
  await loop.deliverNow();
  expect(clock.now() - first).toBe(100);
  advance(5_000);
  const quiet = clock.now();
  await stores.outbox.enqueue([entry('desk', 'a3', clock.now())]);
  await loop.deliverNow();
  expect(clock.now()).toBe(quiet);
  expect(out.lines.map((l) => l.id)).toEqual(['a1', 'a2', 'a3']);
  // A wall clock set back an hour delays the next round by the gap at most, not by the hour.
  advance(-3_600_000);
  const back = clock.now();
  await stores.outbox.enqueue([entry('desk', 'a4', clock.now())]);
  await loop.deliverNow();
  expect(clock.now() - back).toBeLessThanOrEqual(100);
  expect(out.lines.map((l) => l.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
});

test('drain waits out an alert queued behind a due one, not yet due itself', async () => {
  const { loop, stores, out, clock } = await rig();
  const start = clock.now();
  await stores.outbox.enqueue([entry('desk', 'now', start), { ...entry('desk', 'later', start), nextAttemptAt: start + 3_000 }]);
  const report = await loop.drain(10_000);
  expect(report).toMatchObject({ notDue: 0, retried: 0 });
  expect(out.lines.map((l) => l.id)).toEqual(['now', 'later']);
  expect(clock.now() - start).toBeGreaterThanOrEqual(3_000);
});

test('drain waits out a retry (the clock moves, not real time) and counts the failed attempt', async () => {
  const { loop, stores, out, metrics, clock, failNext } = await rig();
  const start = clock.now();
  await stores.outbox.enqueue([entry('desk', 'a1', start)]);
  failNext(1);
  const report = await loop.drain(10_000);
  expect(report).toMatchObject({ delivered: 1, retried: 0, notDue: 0 });
  expect(out.lines.map((l) => l.id)).toEqual(['a1']);
  expect(metrics.deliveryFailures).toBe(1);
  expect(clock.now() - start).toBeGreaterThanOrEqual(1000);
});

test('drain gives up at its deadline while another owner holds the claim, and leaves the alert queued', async () => {
  const { loop, stores, out, clock } = await rig();
  const start = clock.now();
  const queued = entry('desk', 'a1', start);
  await stores.outbox.enqueue([queued]);
  expect(await stores.outbox.claim(queued.key, 'other-instance', 60_000)).toBe(true);
  const report = await loop.drain(2000);
  expect(report.claimed).toBe(1);
  expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
  expect(out.lines).toEqual([]);
  expect(await stores.outbox.countPending('desk')).toBe(1);
});

test('a reload that adds a channel delivers the alerts that waited for it', async () => {
  const { loop, stores, out, clock } = await rig({ channels: [] });
  await stores.outbox.enqueue([entry('desk', 'a1', clock.now())]);
  expect(await loop.deliverNow()).toMatchObject({ delivered: 0, blocked: 1 });
  await loop.apply(settingsFor(['desk']));
  await until(() => out.lines.length === 1, 'the delivery kicked by the reload');
  expect(out.lines[0]).toMatchObject({ id: 'a1', channel: 'desk' });
});

test('stop lets the send in flight finish and leaves the rest queued; a send that hangs is given up at the deadline', async () => {
  const { loop, stores, out, stopping, clock } = await rig({ realSleep: true });
  await stores.outbox.enqueue(['a1', 'a2', 'a3'].map((id) => entry('desk', id, clock.now())));
  const release = out.hold();
  loop.start();
  await until(() => out.waiting() === 1, 'the first send');
  stopping.abort();
  const stopped = loop.stop(10_000);
  release();
  await stopped;
  expect(out.lines.map((l) => l.id)).toEqual(['a1']);
  expect(await stores.outbox.countPending('desk')).toBe(2);

  const hung = await rig({ realSleep: true });
  await hung.stores.outbox.enqueue([entry('desk', 'h1', hung.clock.now())]);
  hung.out.hold();
  hung.loop.start();
  await until(() => hung.out.waiting() === 1, 'the hanging send');
  hung.stopping.abort();
  await hung.loop.stop(50);
  expect(hung.out.lines).toEqual([]);
});
