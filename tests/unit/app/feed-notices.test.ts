/**
 * Feed health notices against the real in-memory store: what is queued, where, under which id, and that a
 * repeated detection of one episode (a crash before the feed state was saved) stays one notice.
 */
import { afterEach, expect, test } from 'vitest';
import { buildFeedNotice, createFeedNotices } from '../../../src/app/feed-notices.js';
import type { FeedState, Stores } from '../../../src/core/ports.js';
import { openStores } from '../../../src/store/open-stores.js';
import { plain } from '../../helpers/summary-runs.js';

let now = Date.parse('2026-11-25T12:00:00Z');
const clock = { now: () => now };
let stores: Stores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
});

const feed = { id: 'wire', name: 'Wire', url: 'https://reader:hunter2@wire.test/feed?apikey=s3cret&lang=en' };
const healthy: FeedState = {
  etag: null, lastModified: null, bodyHash: null, consecutiveFailures: 0, lastSuccessAt: Date.parse('2026-11-25T11:00:00Z'),
  lastErrorAt: null, lastError: null, nextPollAt: null, failing: false,
};
const failing: FeedState = { ...healthy, consecutiveFailures: 3, lastErrorAt: now, lastError: 'http: 503 Service Unavailable', failing: true };

async function rig(channel: string | null) {
  stores = await openStores('memory://', { clock });
  let kicks = 0;
  const notices = createFeedNotices({ channel, stores, clock, onQueued: () => void kicks++ });
  return { notices, stores, kicks: () => kicks };
}

test('a failing feed is announced in the notices channel, the URL without credentials, and delivery is kicked', async () => {
  const { notices, stores, kicks } = await rig('ops');
  await notices.announce(feed, true, failing, healthy);
  const [entry, ...rest] = await stores.outbox.pending('ops');
  expect(rest).toEqual([]);
  expect(entry!.alert).toMatchObject({
    kind: 'notice', channel: 'ops', feed: 'wire', title: 'Feed "Wire" is failing',
    summary: [plain('3 consecutive failures. Last error: http: 503 Service Unavailable')], published: new Date(now).toISOString(),
  });
  expect(entry!.alert.feedUrl).not.toMatch(/hunter2|s3cret|reader/);
  expect(entry!.nextAttemptAt).toBe(now);
  expect(kicks()).toBe(1);
});

test('one failing episode is one notice however often it is detected; recovery and the next episode are new ones', async () => {
  const { notices, stores } = await rig('ops');
  await notices.announce(feed, true, failing, healthy);
  await notices.announce(feed, true, failing, healthy);
  await notices.announce(feed, false, { ...healthy, lastSuccessAt: now }, failing);
  now += 3_600_000;
  const later = { ...healthy, lastSuccessAt: now - 60_000 };
  await notices.announce(feed, true, { ...failing, lastSuccessAt: later.lastSuccessAt }, later);
  const titles = (await stores.outbox.pending('ops')).map((e) => e.alert.title);
  expect(titles).toEqual(['Feed "Wire" is failing', 'Feed "Wire" recovered', 'Feed "Wire" is failing']);
});

test('without a notices channel nothing is queued; a reload can add, move or remove the channel', async () => {
  const { notices, stores, kicks } = await rig(null);
  await notices.announce(feed, true, failing, healthy);
  expect(await stores.outbox.channelsWithPending()).toEqual([]);
  expect(kicks()).toBe(0);
  notices.apply('desk');
  await notices.announce(feed, true, failing, healthy);
  expect(await stores.outbox.channelsWithPending()).toEqual(['desk']);
  notices.apply(null);
  await notices.announce(feed, false, healthy, failing);
  expect(await stores.outbox.countPending('desk')).toBe(1);
});

test('the display URL, when the config gives one, is what a notice shows', () => {
  const entry = buildFeedNotice({
    channel: 'ops', feed: { ...feed, displayUrl: 'https://wire.test/feed?apikey=***' }, failing: false,
    state: healthy, previous: failing, now,
  });
  expect(entry.alert).toMatchObject({ feedUrl: 'https://wire.test/feed?apikey=***', summary: [plain('The feed answers again; alerts resume.')] });
  expect(entry.alert.id).toBe(`notice:wire:recovered:${failing.lastSuccessAt}`);
});
