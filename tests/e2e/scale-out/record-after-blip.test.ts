/**
 * Redis goes away right after the platform accepted an alert and before the delivery is recorded: the record is
 * retried while the claim holds, so the alert is not posted a second time once Redis is back. Real parts: the
 * outbox on a private redis-server (restarted from its AOF), the console platform, the app's delivery loop.
 */
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { deliveryNonce, outboxKey } from '../../../src/core/alerts/delivery-keys.js';
import type { Alert, ChannelTarget } from '../../../src/core/model.js';
import type { OutboxEntry, Stores } from '../../../src/core/ports.js';
import { createSendGate, deliverPending, type DeliveryReport } from '../../../src/app/deliver-pending.js';
import { openStores } from '../../../src/store/open-stores.js';
import { createConsolePlatform } from '../../../src/platforms/console/create-console-platform.js';
import { createRecordingLogger } from '../../unit/platforms/discord/recording-logger.js';
import { makeTempDir } from '../helpers/run-cli.js';
import { DurableRedis } from './scale-out-fixture.js';
import { plain } from '../../helpers/summary-runs.js';

const clock = { now: () => Date.now() };
const CLAIM_TTL_MS = 6000;
let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

function entry(channel: string, id: string): OutboxEntry {
  const now = clock.now();
  const alert: Alert = {
    channel, subscriptions: ['s'], feed: 'wire', feedName: 'Wire', feedUrl: 'http://127.0.0.1/wire.xml', id,
    title: `Taliban story ${id}`, link: null, published: null, matched: ['Taliban'], summary: [plain('Taliban')], firstSeenAt: now,
  };
  const key = outboxKey(channel, id);
  return { key, channel, alert, nonce: deliveryNonce(key), enqueuedAt: now, attempts: 0, nextAttemptAt: now, lastError: null };
}

it('a Redis restart between a send and its record does not post the alert twice', async () => {
  const redis = await DurableRedis.create(makeTempDir());
  await redis.start();
  cleanup.push(() => redis.stop('SIGKILL'));
  const stores: Stores = await openStores(redis.url, { keyPrefix: 'blip', clock, log: createRecordingLogger() });
  cleanup.push(() => stores.close());
  await stores.outbox.enqueue(['a', 'b', 'c'].map((id) => entry('desk', id)));

  // Redis goes down the moment the first alert has been written, and is back a second later.
  const written: string[] = [];
  let outage: Promise<void> | null = null;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      written.push((JSON.parse(chunk.toString()) as { id: string }).id);
      if (outage) return done();
      // The post is accepted only once Redis is down, so its record meets the outage.
      const down = redis.stop('SIGTERM');
      outage = down.then(() => new Promise((r) => setTimeout(r, 1000))).then(() => redis.start());
      void down.then(() => done());
    },
  });
  const channels = new Map<string, ChannelTarget>([['desk', { id: 'desk', platform: 'console', source: 'config' }]]);
  const round = () => deliverPending({
    stores, platforms: new Map([['console', createConsolePlatform(out)]]), channels: () => channels, owner: 'me',
    claimTtlMs: CLAIM_TTL_MS, retryBaseMs: 100, retryMaxMs: 500, clock, log: createRecordingLogger(), sendGate: createSendGate(),
  });

  // Rounds as the runtime's delivery timer runs them, until the outbox is empty (or long past the claim).
  const until = Date.now() + CLAIM_TTL_MS + 6000;
  let last: DeliveryReport | null = null;
  while (Date.now() < until) {
    last = await round().catch(() => null);
    if (last && (await stores.outbox.countPending('desk').catch(() => 1)) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await outage;
  expect(outage).not.toBeNull();
  // Rounds after everything was recorded post nothing more.
  expect(last?.delivered ?? 0).toBeGreaterThan(0);
  await round();
  expect(written).toEqual(['a', 'b', 'c']);
  expect(await stores.outbox.countPending('desk')).toBe(0);
  expect(await stores.outbox.getDelivery('desk', 'a')).toMatchObject({ channel: 'desk', itemId: 'a' });
}, 30_000);
