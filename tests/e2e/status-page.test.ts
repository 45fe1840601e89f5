/**
 * The status page as an admin sees it: the built CLI serves it beside /healthz, and Debian's headless chromium
 * loads it (token in the Authorization header) and checks the feed table, the alert list and the latency plot.
 * A second page renders a full hour of sample data through the same server code, to review the plot's lines.
 * Screenshots go to tests/output/ for a human to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/app/metrics.js';
import { serveHealth, type HealthServer } from '../../src/app/serve-health.js';
import { renderStatusPage } from '../../src/app/status-page/render-status-page.js';
import { findChromium, launchChromium, type Browser } from '../helpers/headless-chromium.js';
import { killQuietly, startBot, type BotProcess } from './helpers/bot-process.js';
import { makeWorkDir, opsConfigHead, startWire, type WireFeed } from './helpers/ops-fixture.js';
import { buildOnce, ROOT, writeConfig } from './helpers/run-cli.js';
import { sampleStatusView } from './helpers/status-sample.js';

const OUTPUT = join(ROOT, 'tests/output');
const TOKEN = 'status-page-token-7c1e93ab52';
const FEED_KEY = 'feed-key-canary-40d2e1';
const chromium = findChromium();
if (!chromium) {
  console.warn('SKIPPED status page browser test: no chromium found (install Debian\'s chromium, as .ci/run does, or set CHROMIUM_PATH)');
}

let good: WireFeed;
let broken: WireFeed;
let bot: BotProcess | undefined;
let browser: Browser | undefined;
let sample: HealthServer | undefined;

beforeAll(async () => {
  if (!chromium) return;
  buildOnce();
  mkdirSync(OUTPUT, { recursive: true });
  good = await startWire('/good.xml');
  broken = await startWire('/broken.xml');
  browser = await launchChromium(chromium);
}, 180_000);

afterAll(async () => {
  killQuietly(bot);
  await browser?.close();
  await sample?.close();
  await good?.server.stop();
  await broken?.server.stop();
});

interface PageFacts {
  feeds: Array<{ feed: string; cells: string[] }>;
  alerts: Array<{ state: string; cells: string[] }>;
  channels: Array<{ channel: string; text: string }>;
  plot: { width: number; height: number; p50: number; p95: number; samples: number; lines: number; lineWidth: number };
  text: string;
}

const FACTS = `(() => {
  const rows = (id) => [...document.querySelectorAll('#' + id + ' tbody tr')];
  const cells = (tr) => [...tr.cells].map((c) => c.innerText.trim());
  const plot = document.querySelector('#latency-plot');
  const box = plot ? plot.getBoundingClientRect() : { width: 0, height: 0 };
  const lines = plot ? [...plot.querySelectorAll('polyline')] : [];
  return {
    feeds: rows('feed-table').map((tr) => ({ feed: tr.dataset.feed, cells: cells(tr) })),
    alerts: rows('alert-table').map((tr) => ({ state: tr.dataset.state, cells: cells(tr) })),
    channels: rows('channel-table').map((tr) => ({ channel: tr.dataset.channel, text: tr.innerText })),
    plot: { width: box.width, height: box.height, p50: plot ? plot.querySelectorAll('circle.p50').length : 0,
      p95: plot ? plot.querySelectorAll('circle.p95').length : 0,
      samples: plot ? plot.querySelectorAll('g.samples circle').length : 0, lines: lines.length,
      lineWidth: Math.max(0, ...lines.map((l) => l.getBBox().width)) },
    text: document.body.innerText,
  };
})()`;

describe.skipIf(!chromium)('status page in headless chromium', () => {
  it('the running bot\'s page shows feeds, channels with subscriptions, the alerts and the latency plot; it needs the token', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, `${opsConfigHead(store)}
feeds:
  - { id: good, name: Wire World, url: "${good.url}?key=\${FEED_KEY}" }
  - { id: broken, name: Broken Wire, url: "${broken.url}" }
channels:
  - { id: desk, platform: console }
  - { id: ops, platform: console }
  - { id: sports, platform: slack, channel: C0SPORTS01 }
subscriptions:
  - { id: desk-taliban, channel: desk, query: Taliban OR "Bagram air base" }
  - { id: desk-kabul, channel: desk, query: Kabul, feeds: [good] }
  - { id: sports-taliban, channel: sports, query: Taliban }
`);
    good.setItems([['s3', 'Taliban tally in Kabul: 5 &lt; 7 &amp;amp; &quot;rising&quot;'], ['s2', 'Taliban close border'], ['s1', 'Flights resume at Bagram air base']]);
    broken.setStatus(500);
    bot = startBot(['run', '--config', path], { NEWSBOT_STATUS_TOKEN: TOKEN, FEED_KEY });
    const port = Number((await bot.waitForLog((l) => l.msg.startsWith('health and metrics on'), 'the health server')).port);
    await bot.waitFor(() => bot!.alerts().filter((a) => a.channel === 'desk').length === 3 && bot!.alerts().some((a) => a.channel === 'ops'),
      'three desk alerts and the failing notice');
    const url = `http://127.0.0.1:${port}/`;

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0000000000' } })).headers.get('www-authenticate')).toContain('Basic');
    const direct = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-security-policy')).toContain("default-src 'none'");

    const page = browser!.page;
    await page.open(url, { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` });
    const facts = await page.evaluate<PageFacts>(FACTS);
    writeFileSync(join(OUTPUT, 'status-page.png'), await page.screenshot());

    const feed = (id: string) => facts.feeds.find((f) => f.feed === id)!.cells;
    expect(feed('good')[0]).toContain('Wire World');
    expect(feed('good')[0]).toContain('key=***');
    expect(feed('good')[1]).toBe('ok');
    expect(feed('broken')[1]).toBe('failing');
    expect(Number(feed('broken')[4])).toBeGreaterThanOrEqual(1);
    expect(feed('broken')[5]).toMatch(/^until in \d/);
    expect(feed('broken')[7]).toContain('HTTP 500');

    const channel = (id: string) => facts.channels.find((c) => c.channel === id)!.text;
    expect(channel('desk')).toContain('Taliban OR "Bagram air base"');
    expect(channel('desk')).toContain('feeds: good');
    expect(channel('sports')).toContain('platform not configured');

    const posted = facts.alerts.filter((a) => a.state === 'delivered');
    expect(posted.map((a) => a.cells[3]!).filter((t) => !t.startsWith('notice'))).toEqual(expect.arrayContaining(
      ['Taliban tally in Kabul: 5 < 7 & "rising"', 'Taliban close border', 'Flights resume at Bagram air base']));
    expect(posted.find((a) => a.cells[1] === 'ops')?.cells[3]).toContain('Feed "Broken Wire" is failing');
    const waiting = facts.alerts.filter((a) => a.state === 'waiting');
    expect(waiting).toHaveLength(2);
    expect(waiting[0]!.cells[5]).toContain('SLACK_BOT_TOKEN is not set');

    // Four posts in the last second or so: one bucket, so points (no line), and one dot per post.
    expect(facts.plot.width).toBeGreaterThan(300);
    expect(facts.plot.p50).toBe(1);
    expect(facts.plot.p95).toBe(1);
    expect(facts.plot.samples).toBe(posted.length + 1);
    expect(facts.text).not.toContain(TOKEN);
    expect(facts.text).not.toContain(FEED_KEY);
    expect(page.problems()).toEqual([]);

    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 120_000);

  it('a full hour of sample data draws both percentile lines across the plot', async () => {
    const view = sampleStatusView(Date.parse('2026-12-05T16:00:00Z'));
    sample = await serveHealth({
      port: 0, host: '127.0.0.1', metrics: createMetrics(), check: async () => ({ ok: true }),
      log: { debug() {}, info() {}, warn() {}, error() {} }, status: { render: async () => renderStatusPage(view) },
    });
    const page = browser!.page;
    await page.open(`http://127.0.0.1:${sample.port}/status`);
    const facts = await page.evaluate<PageFacts>(FACTS);
    // The top of the page (tiles, feeds, plot, channels, first alerts): the rest is more of the same rows.
    writeFileSync(join(OUTPUT, 'status-page-sample.png'), await page.screenshot(1280, 1800));
    expect(facts.plot.lines).toBe(2);
    expect(facts.plot.lineWidth).toBeGreaterThan(400);
    expect(facts.plot.p50).toBe(12);
    expect(facts.alerts).toHaveLength(100);
    expect(new Set(facts.alerts.map((a) => a.state))).toEqual(new Set(['delivered', 'retrying', 'waiting', 'queued']));
    expect(page.problems()).toEqual([]);
  }, 60_000);
});
