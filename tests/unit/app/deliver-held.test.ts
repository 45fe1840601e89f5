/**
 * Held alerts in the delivery loop, with the real in-memory store and the real console platform writing to a
 * stream. Flood control: 20 alerts in a window become 5 alerts and one digest when it closes; a restart before
 * the window closes or in the middle of a digest's send holds and sends the same; a longer flood splits into
 * digests. Quiet hours and digest subscriptions: held stories go out as one digest at their time.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createDeliveryLoop } from '../../../src/app/delivery-loop.js';
import { createMetrics } from '../../../src/app/metrics.js';
import { trackStoreOutage } from '../../../src/app/store-outage.js';
import { deliveryNonce, outboxKey } from '../../../src/core/alerts/delivery-keys.js';
import type { Alert, ChannelTarget } from '../../../src/core/model.js';
import type { Clock, Logger, OutboxEntry, Platform, Stores } from '../../../src/core/ports.js';
import { createConsolePlatform } from '../../../src/platforms/console/create-console-platform.js';
import { openStores } from '../../../src/store/open-stores.js';
import { plain } from '../../helpers/summary-runs.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const T = Date.parse('2026-11-25T12:00:00Z');
const PER = 120_000;
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function entry(id: string, at: number, over: Partial<Alert> = {}): OutboxEntry {
  const alert: Alert = {
    channel: 'desk', subscriptions: ['taliban'], feed: 'wire', feedName: 'Wire', feedUrl: 'https://wire.test/feed', id,
    title: `Taliban story ${id}`, link: `https://wire.test/${id}`, published: null, matched: ['Taliban'], summary: [plain('story')], firstSeenAt: at, ...over,
  };
  const key = outboxKey('desk', id);
  return { key, channel: 'desk', alert, nonce: deliveryNonce(key), enqueuedAt: at, attempts: 0, nextAttemptAt: at, lastError: null };
}

type Line = { id: string; kind: string; items?: Array<{ id: string }> };

function recordingStdout(holdFrom = Infinity) {
  const lines: Line[] = [];
  let writes = 0;
  const stream = new Writable({
    write(chunk, _enc, done) {
      // From write number `holdFrom` on, the write never completes: the process "dies" mid-send.
      if (++writes >= holdFrom) return;
      lines.push(JSON.parse(String(chunk)) as Line);
      done();
    },
  });
  return { stream, lines };
}

const BURST: Partial<ChannelTarget> = { burst: { max: 5, perMs: PER } };

function loopOn(stores: Stores, clock: Clock, stream: Writable, owner: string, holds: Partial<ChannelTarget> = BURST) {
  const platform: Platform = createConsolePlatform(stream);
  const stopping = new AbortController();
  const loop = createDeliveryLoop({
    settings: { channels: [{ id: 'desk', platform: 'console', source: 'config', ...holds }], claimTtlMs: 30_000, retryBaseMs: 1000, retryMaxMs: 8000 },
    stores, platforms: new Map([['console', platform]]), owner, clock, log: quiet, metrics: createMetrics(),
    outage: trackStoreOutage(quiet, clock), signal: stopping.signal,
  });
  cleanup.push(() => { stopping.abort(); return loop.stop(0); });
  return loop;
}

async function rig() {
  let now = T;
  const clock = { now: () => now };
  const stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  return { stores, clock, advance: (ms: number) => void (now += ms) };
}

const flood = (n: number, at = T) => Array.from({ length: n }, (_, i) => entry(`s${String(i + 1).padStart(2, '0')}`, at));

test('20 alerts in one window: 5 go out at once, the other 15 as one digest when the window closes', async () => {
  const { stores, advance } = await rig();
  const out = recordingStdout();
  const loop = loopOn(stores, { now: () => T }, out.stream, 'me');
  await stores.outbox.enqueue(flood(20));
  const first = await loop.deliverNow();
  expect(first).toMatchObject({ delivered: 5, held: 1 });
  expect(out.lines.map((l) => l.id)).toEqual(['s01', 's02', 's03', 's04', 's05']);
  expect(await stores.outbox.countPending('desk')).toBe(15);
  advance(PER);
  const clock = { now: () => T + PER };
  const later = loopOn(stores, clock, out.stream, 'me');
  expect(await later.deliverNow()).toMatchObject({ delivered: 15, held: 0 });
  const digest = out.lines[5]!;
  expect(digest.kind).toBe('digest');
  expect(digest.items!.map((i) => i.id)).toEqual(flood(20).slice(5).map((e) => e.alert.id));
  expect(out.lines).toHaveLength(6);
  expect(await stores.outbox.countPending('desk')).toBe(0);
  // The held alerts count as delivered (under the digest), so a later poll cannot alert them again.
  expect(await stores.seen.seen('desk', ['s06', 's20'])).toEqual(new Set(['s06', 's20']));
});

test('a restart before the window closes holds the rest too; after it, the next alert opens a new window', async () => {
  const { stores } = await rig();
  const out = recordingStdout();
  await stores.outbox.enqueue(flood(8));
  await loopOn(stores, { now: () => T }, out.stream, 'first').deliverNow();
  // "Restart": a new loop (another owner) on the same store, still inside the window.
  const restarted = loopOn(stores, { now: () => T + 60_000 }, out.stream, 'second');
  expect(await restarted.deliverNow()).toMatchObject({ delivered: 0, held: 1 });
  await stores.outbox.enqueue([entry('late', T + PER + 5000)]);
  await loopOn(stores, { now: () => T + PER + 6000 }, out.stream, 'third').deliverNow();
  expect(out.lines.map((l) => (l.kind === 'digest' ? `digest:${l.items!.length}` : l.id))).toEqual(['s01', 's02', 's03', 's04', 's05', 'digest:3', 'late']);
});

test('killed in the middle of a digest send, the restart resends the same digest (same alerts, same id), once', async () => {
  const { stores, clock, advance } = await rig();
  const dying = recordingStdout(6);
  await stores.outbox.enqueue(flood(9));
  const doomed = loopOn(stores, clock, dying.stream, 'first');
  await doomed.deliverNow();
  advance(PER);
  void doomed.deliverNow();
  await new Promise((r) => setTimeout(r, 50));
  expect(dying.lines).toHaveLength(5);
  const state = await stores.channelState.get('desk');
  expect(state?.pendingDigest?.keys).toHaveLength(4);
  // Meanwhile another alert is queued in the next window; the restart waits out the dead claims first.
  await stores.outbox.enqueue([entry('next', T + PER + 1000)]);
  advance(31_000);
  const out = recordingStdout();
  await loopOn(stores, clock, out.stream, 'second').deliverNow();
  expect(out.lines.map((l) => (l.kind === 'digest' ? `digest:${l.items!.map((i) => i.id).join(',')}` : l.id)))
    .toEqual(['digest:s06,s07,s08,s09', 'next']);
  expect((await stores.channelState.get('desk'))?.pendingDigest).toBeUndefined();
});

test('a long flood goes out as digests of at most 20 alerts', async () => {
  const { stores } = await rig();
  const out = recordingStdout();
  await stores.outbox.enqueue(flood(50));
  await loopOn(stores, { now: () => T }, out.stream, 'me').deliverNow();
  await loopOn(stores, { now: () => T + PER }, out.stream, 'me').deliverNow();
  expect(out.lines.filter((l) => l.kind === 'digest').map((l) => l.items!.length)).toEqual([20, 20, 5]);
  expect(await stores.outbox.countPending('desk')).toBe(0);
});

test('quiet hours: routine stories wait for the end of the window and go out as one digest; an urgent one at once', async () => {
  const night = Date.parse('2026-11-25T21:00:00Z'); // 01:30 in Kabul
  const morning = Date.parse('2026-11-26T01:30:00Z'); // 06:00 in Kabul
  let now = night;
  const clock = { now: () => now };
  const stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const out = recordingStdout();
  const loop = loopOn(stores, clock, out.stream, 'me', {
    quietHours: { hours: { from: 22 * 60, to: 6 * 60, tz: 'Asia/Kabul' }, except: 'urgent', held: 'digest' },
  });
  await stores.outbox.enqueue([entry('r1', night), entry('r2', night + 60_000), entry('u1', night + 120_000, { urgency: 'bulletin' })]);
  now = night + 180_000;
  expect(await loop.deliverNow()).toMatchObject({ delivered: 1, held: 1 });
  now = morning - 1000;
  expect(await loop.deliverNow()).toMatchObject({ delivered: 0, held: 1 });
  now = morning + 500;
  expect(await loop.deliverNow()).toMatchObject({ delivered: 2 });
  expect(out.lines.map((l) => (l.kind === 'digest' ? `digest:${l.items!.map((i) => i.id).join(',')}` : l.id))).toEqual(['u1', 'digest:r1,r2']);
  expect((out.lines[1] as unknown as { title: string }).title).toBe('2 stories matched during quiet hours (22:00–06:00 Asia/Kabul)');
});

test('a digest subscription: one message per period with every match of that period in it', async () => {
  const t0 = Date.parse('2026-11-25T12:05:00Z');
  let now = t0;
  const clock = { now: () => now };
  const stores = await openStores('memory://', { clock });
  cleanup.push(() => stores.close());
  const out = recordingStdout();
  const loop = loopOn(stores, clock, out.stream, 'me', { digests: { roundup: { kind: 'interval', ms: 3_600_000 } } });
  const digestOf = (id: string, at: number) => entry(id, at, { subscriptions: ['roundup'] });
  await stores.outbox.enqueue([digestOf('a', t0), entry('now', t0 + 1000), digestOf('b', t0 + 30 * 60_000)]);
  now = t0 + 31 * 60_000;
  await loop.deliverNow();
  expect(out.lines.map((l) => l.id)).toEqual(['now']);
  await stores.outbox.enqueue([digestOf('c', Date.parse('2026-11-25T13:10:00Z'))]);
  now = Date.parse('2026-11-25T13:00:01Z');
  await loop.deliverNow();
  now = Date.parse('2026-11-25T14:00:01Z');
  await loop.deliverNow();
  const digests = out.lines.filter((l) => l.kind === 'digest');
  expect(digests.map((l) => l.items!.map((i) => i.id))).toEqual([['a', 'b'], ['c']]);
  expect((digests[0] as unknown as { title: string }).title).toBe('Digest for roundup: 2 stories (every 1 h)');
  expect(await stores.outbox.countPending('desk')).toBe(0);
});
