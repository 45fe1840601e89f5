/**
 * The status page's parts with real memory stores and real HTTP requests: the journal watching the outbox, the
 * join with the store (other instances' work), percentiles, escaping of feed text, and who may read the page.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deliveryNonce, outboxKey } from '../../../src/core/alerts/delivery-keys.js';
import type { Alert } from '../../../src/core/model.js';
import type { OutboxEntry } from '../../../src/core/ports.js';
import { parseConfigValue } from '../../../src/app/registered-config.js';
import { readStatusToken } from '../../../src/config/read-status-token.js';
import { createMetrics } from '../../../src/app/metrics.js';
import { serveHealth, type HealthServer } from '../../../src/app/serve-health.js';
import { createAlertJournal } from '../../../src/app/status-page/alert-journal.js';
import { authorizeStatus } from '../../../src/app/status-page/authorize-status.js';
import { collectStatusView } from '../../../src/app/status-page/collect-status-view.js';
import { computeLatencySeries, percentile } from '../../../src/app/status-page/latency-series.js';
import { renderStatusPage } from '../../../src/app/status-page/render-status-page.js';
import { openStores } from '../../../src/store/open-stores.js';
import { plain } from '../../helpers/summary-runs.js';

const NOW = Date.parse('2026-12-05T12:00:00Z');
const clock = { t: NOW, now() { return this.t; } };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
let servers: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  clock.t = NOW;
});

function entry(channel: string, id: string, title = `Story ${id}`, enqueuedAt = NOW): OutboxEntry {
  const alert: Alert = { channel, subscriptions: ['s'], feed: 'wire', feedName: 'Wire', feedUrl: 'https://wire.example/x', id, title,
    link: 'https://wire.example/1', published: null, matched: ['Taliban'], summary: [plain('text')], firstSeenAt: enqueuedAt - 2000 };
  const key = outboxKey(channel, id);
  return { key, channel, alert, nonce: deliveryNonce(key), enqueuedAt, attempts: 0, nextAttemptAt: enqueuedAt, lastError: null };
}

const record = (e: OutboxEntry, sentAt: number) => ({ channel: e.channel, itemId: e.alert.id, platform: 'console' as const, messageId: null, ref: {}, sentAt });

describe('alert journal', () => {
  it('follows an entry from queued through retrying to delivered, with its latency, and keeps the newest 100', async () => {
    const stores = await openStores('memory://', { clock });
    const journal = createAlertJournal(clock);
    const outbox = journal.observe(stores.outbox);
    const first = entry('desk', 'a');
    await outbox.enqueue([first]);
    expect(journal.entries()[0]!.state).toEqual({ kind: 'queued' });
    await outbox.retryLater({ ...first, attempts: 1 }, NOW + 5000, 'slack: ratelimited');
    expect(journal.entries()[0]!.state).toEqual({ kind: 'retrying', attempts: 1, nextAttemptAt: NOW + 5000, error: 'slack: ratelimited' });
    await outbox.complete(first, record(first, NOW + 6000));
    expect(journal.entries()[0]!.state).toEqual({ kind: 'delivered', sentAt: NOW + 6000, latencyMs: 8000 });
    expect(journal.latencies(NOW)).toEqual([{ at: NOW + 6000, ms: 8000 }]);
    // The store saw the same: nothing pending, a delivery record.
    expect(await stores.outbox.countPending('desk')).toBe(0);
    expect(await stores.outbox.getDelivery('desk', 'a')).toMatchObject({ sentAt: NOW + 6000 });

    await outbox.enqueue(Array.from({ length: 120 }, (_, i) => entry('desk', `b${i}`)));
    const kept = journal.entries();
    expect(kept).toHaveLength(100);
    expect(kept[0]!.alert.id).toBe('b119');
    expect(kept.at(-1)!.alert.id).toBe('b20');
  });
});

describe('latency series', () => {
  it('nearest-rank p50/p95 per five-minute bucket over the last hour; empty buckets are null', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(percentile([], 50)).toBeNull();
    const samples = [
      { at: NOW - 70 * 60_000, ms: 99_000 },
      ...[1000, 2000, 3000, 4000, 40_000].map((ms, i) => ({ at: NOW - 58 * 60_000 + i, ms })),
      { at: NOW - 60_000, ms: 500 },
    ];
    const series = computeLatencySeries(samples, NOW);
    expect(series.buckets).toHaveLength(12);
    expect(series.buckets[0]).toMatchObject({ count: 5, p50: 3000, p95: 40_000 });
    expect(series.buckets.slice(1, 11).every((b) => b.p50 === null && b.count === 0)).toBe(true);
    expect(series.buckets[11]).toMatchObject({ count: 1, p50: 500, p95: 500 });
    expect(series.overall).toEqual({ count: 6, p50: 2000, p95: 40_000 });
  });
});

describe('status view and page', () => {
  it('joins the journal with the store: alerts queued by another instance, ones it delivered, disabled channels', async () => {
    const config = parseConfigValue({
      store: 'memory://', feeds: [{ id: 'wire', url: 'https://wire.example/feed.xml?token=s3cr3t-value' }],
      channels: [{ id: 'desk', platform: 'console' }, { id: 'sports', platform: 'console' }],
      subscriptions: [{ id: 'desk-t', channel: 'desk', query: 'Taliban', feeds: ['wire'] }],
    });
    const stores = await openStores('memory://', { clock });
    const journal = createAlertJournal(clock);
    const outbox = journal.observe(stores.outbox);
    const mine = entry('desk', 'mine', 'Mine', NOW - 3000);
    const elsewhere = entry('desk', 'elsewhere', 'Sent by the other instance', NOW - 2000);
    await outbox.enqueue([mine, elsewhere]);
    await outbox.complete(mine, record(mine, NOW - 1000));
    // Another instance (the raw store, not this journal) delivers one and queues one we never saw.
    await stores.outbox.complete(elsewhere, record(elsewhere, NOW - 500));
    await stores.outbox.enqueue([entry('sports', 'theirs', 'Queued by the other instance', NOW - 100)]);
    await stores.channelState.set('sports', { disabledReason: 'slack channel_not_found', disabledAt: NOW });

    const view = await collectStatusView({ config: () => config, stores, journal, clock, unconfigured: [] });
    expect(view.alerts.map((a) => [a.alert.id, a.state.kind])).toEqual([['theirs', 'waiting'], ['elsewhere', 'delivered'], ['mine', 'delivered']]);
    expect(view.alerts[1]!.state).toEqual({ kind: 'delivered', sentAt: NOW - 500, latencyMs: 3500 });
    expect(view.feeds[0]).toMatchObject({ id: 'wire', url: 'https://wire.example/feed.xml?token=***', lastPoll: null, backoffUntil: null });
    expect(view.channels.find((c) => c.id === 'desk')!.subscriptions).toEqual([{ id: 'desk-t', query: 'Taliban', feeds: ['wire'], source: 'config' }]);
    expect(view.latency.overall.count).toBe(1);
    expect(renderStatusPage(view)).not.toContain('s3cr3t-value');
  });

  it('escapes feed text and errors, and links only http(s)', async () => {
    const config = parseConfigValue({ store: 'memory://', channels: [{ id: 'desk', platform: 'console' }] });
    const stores = await openStores('memory://', { clock });
    const journal = createAlertJournal(clock);
    const hostile = entry('desk', 'x', '<script>alert(1)</script> & "quotes"');
    hostile.alert.link = 'javascript:alert(1)';
    hostile.alert.matched = ['<img src=x onerror=alert(1)>'];
    await journal.observe(stores.outbox).enqueue([hostile]);
    await journal.observe(stores.outbox).retryLater({ ...hostile, attempts: 1 }, NOW + 1000, '<b>boom</b>');
    const html = renderStatusPage(await collectStatusView({ config: () => config, stores, journal, clock, unconfigured: [] }));
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<img|<b>|javascript:/);
  });
});

describe('who may read the page', () => {
  const req = (localAddress: string, authorization?: string) =>
    ({ socket: { localAddress }, headers: authorization ? { authorization } : {} }) as unknown as Parameters<typeof authorizeStatus>[0];
  const TOKEN = 'a-long-status-token-123';

  it('without a token: loopback arrivals only; with one: every request needs it, as Bearer or the Basic password', () => {
    expect(authorizeStatus(req('127.0.0.1'), undefined).ok).toBe(true);
    expect(authorizeStatus(req('::ffff:127.0.0.1'), undefined).ok).toBe(true);
    expect(authorizeStatus(req('::1'), undefined).ok).toBe(true);
    expect(authorizeStatus(req('10.1.2.3'), undefined)).toMatchObject({ ok: false, status: 403 });
    expect(authorizeStatus(req('127.0.0.1'), TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(authorizeStatus(req('10.1.2.3', `Bearer ${TOKEN}`), TOKEN).ok).toBe(true);
    expect(authorizeStatus(req('10.1.2.3', `Basic ${Buffer.from(`any:${TOKEN}`).toString('base64')}`), TOKEN).ok).toBe(true);
    expect(authorizeStatus(req('10.1.2.3', `Bearer ${TOKEN}x`), TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(authorizeStatus(req('10.1.2.3', `Basic ${Buffer.from(TOKEN).toString('base64')}`), TOKEN).ok).toBe(false);
  });

  it('reads NEWSBOT_STATUS_TOKEN or its _FILE, and refuses a short one without echoing it', () => {
    expect(readStatusToken({})).toEqual({});
    expect(readStatusToken({ NEWSBOT_STATUS_TOKEN: TOKEN })).toEqual({ token: TOKEN });
    expect(readStatusToken({ NEWSBOT_STATUS_TOKEN_FILE: '/run/secrets/status' }, () => `${TOKEN}\n`)).toEqual({ token: TOKEN });
    const short = readStatusToken({ NEWSBOT_STATUS_TOKEN: 'short-one' });
    expect(short.token).toBeUndefined();
    expect(short.problem).toContain('at least 16 characters');
    expect(short.problem).not.toContain('short-one');
  });

  it('serves the page at / and /status on the health server; a failing store answers 503 without its message', async () => {
    let fail = false;
    const server = await serveHealth({
      port: 0, host: '127.0.0.1', metrics: createMetrics(), check: async () => ({ ok: true }), log: silent,
      status: { render: async () => { if (fail) throw new Error('redis://user:pw@10.0.0.9 refused'); return '<p>page</p>'; } },
    });
    servers.push(server);
    const get = (path: string) => new Promise<{ status: number; body: string; csp: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port: server.port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode!, body, csp: String(res.headers['content-security-policy']) }));
      }).on('error', reject).end();
    });
    expect(await get('/')).toMatchObject({ status: 200, body: '<p>page</p>' });
    expect((await get('/status')).csp).toContain("default-src 'none'");
    fail = true;
    const down = await get('/');
    expect(down.status).toBe(503);
    expect(down.body).not.toContain('pw');
  });
});
