import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { deliveryNonce, outboxKey } from '../../../src/core/alerts/delivery-keys.js';
import type { Alert, ChannelTarget } from '../../../src/core/model.js';
import type { Logger, OutboxEntry, Platform } from '../../../src/core/ports.js';
import { createSendGate, deliverPending } from '../../../src/app/deliver-pending.js';
import { createConsolePlatform } from '../../../src/platforms/console/create-console-platform.js';
import { openStores } from '../../../src/store/open-stores.js';
import { plain } from '../../helpers/summary-runs.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const clock = { now: () => Date.now() };

function entry(channel: string, id: string): OutboxEntry {
  const alert: Alert = {
    channel, subscriptions: ['s'], feed: 'f', feedName: 'F', feedUrl: 'http://127.0.0.1/f', id, title: id, link: null,
    published: null, matched: ['x'], summary: [plain('x')], firstSeenAt: 0,
  };
  const key = outboxKey(channel, id);
  return { key, channel, alert, nonce: deliveryNonce(key), enqueuedAt: 0, attempts: 0, nextAttemptAt: 0, lastError: null };
}

/**
 * The real console platform, instrumented: each send takes 20 ms (a slow platform) and the wrapper notes how
 * many sends were in flight at once. (A Writable alone would serialise the writes and hide the question.)
 */
function instrumentedConsole(idempotentDelivery: boolean) {
  const stats = { maxInFlight: 0, lines: [] as string[] };
  const stream = new Writable({ write(chunk, _enc, done) { stats.lines.push(String(chunk)); done(); } });
  const real = createConsolePlatform(stream);
  let inFlight = 0;
  const platform: Platform = {
    ...real, idempotentDelivery,
    async deliver(attempt) {
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      try {
        return await real.deliver(attempt);
      } finally {
        inFlight--;
      }
    },
  };
  return { platform, stats };
}

async function deliverEightAlerts(idempotentDelivery: boolean) {
  const stores = await openStores('memory://', { clock });
  const channelIds = ['a', 'b', 'c', 'd'];
  await stores.outbox.enqueue(channelIds.flatMap((c) => [entry(c, `${c}1`), entry(c, `${c}2`)]));
  const { platform, stats } = instrumentedConsole(idempotentDelivery);
  const channels = new Map<string, ChannelTarget>(channelIds.map((id) => [id, { id, platform: 'console', source: 'config' }]));
  const report = await deliverPending({
    stores, platforms: new Map([['console', platform]]), channels: () => channels, owner: 'me',
    claimTtlMs: 10_000, retryBaseMs: 100, retryMaxMs: 1000, clock, log: silent, sendGate: createSendGate(),
  });
  await stores.close();
  return { report, stats, channelIds };
}

describe('delivery to platforms without an idempotency key', () => {
  it('sends one alert at a time per process across channels, so a crash can repeat at most one', async () => {
    const { report, stats, channelIds } = await deliverEightAlerts(false);
    expect(report.delivered).toBe(8);
    expect(stats.lines).toHaveLength(8);
    expect(stats.maxInFlight).toBe(1);
    // Order within each channel is kept.
    for (const c of channelIds) {
      const ids = stats.lines.map((l) => JSON.parse(l) as { id: string; channel: string }).filter((l) => l.channel === c).map((l) => l.id);
      expect(ids).toEqual([`${c}1`, `${c}2`]);
    }
  });

  it('still sends channels in parallel on a platform that recognises resends (Discord nonce)', async () => {
    const { report, stats } = await deliverEightAlerts(true);
    expect(report.delivered).toBe(8);
    expect(stats.maxInFlight).toBe(4);
  });
});
