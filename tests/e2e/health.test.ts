/**
 * Health as an operator sees it, through the built CLI: /healthz and /metrics on http.port (0: the bound port is
 * logged), a failing feed announced once in notices.channel, a forbidden channel disabled, and `newsbot status`
 * showing all of it from the SQLite file afterwards.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killQuietly, startBot, type BotProcess } from './helpers/bot-process.js';
import { GONE, makeWorkDir, opsConfigHead, startDiscord, startWire, status, type DiscordRig, type WireFeed } from './helpers/ops-fixture.js';
import { buildOnce, writeConfig } from './helpers/run-cli.js';

let discord: DiscordRig;
let good: WireFeed;
let broken: WireFeed;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  discord = await startDiscord();
  good = await startWire('/good.xml');
  broken = await startWire('/broken.xml');
}, 180_000);

afterAll(async () => {
  await discord?.close();
  await good?.server.stop();
  await broken?.server.stop();
});

afterEach(() => killQuietly(bot));

function get(port: number, path: string): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    }).on('error', reject).end();
  });
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name} in\n${text}`);
  return Number(line.split(' ')[1]);
}

describe('health, metrics, notices and status', () => {
  it('serves /healthz and /metrics, announces a failing feed once, and status reports feeds and channels', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, `${opsConfigHead(store)}
feeds:
  - { id: good, url: "${good.url}" }
  - { id: broken, url: "${broken.url}" }
channels:
  - { id: desk, platform: console }
  - { id: ops, platform: console }
  - { id: gone, platform: discord, channel: "${GONE}" }
subscriptions:
  - { id: desk-taliban, channel: desk, query: Taliban }
  - { id: gone-taliban, channel: gone, query: Taliban }
`);
    good.setItems([['h2', 'Taliban patrol Kabul'], ['h1', 'Taliban close border']]);
    broken.setStatus(500);
    discord.fake.setChannelStatus(GONE, 403);
    bot = startBot(['run', '--config', path], discord.env);
    const listening = await bot.waitForLog((l) => l.msg.startsWith('health and metrics on'), 'the health server');
    const port = Number(listening.port);
    expect(port).toBeGreaterThan(0);
    const healthz = await get(port, '/healthz');
    expect(healthz.status).toBe(200);
    expect(JSON.parse(healthz.body)).toEqual({ status: 'ok' });

    await bot.waitFor(() => bot!.alerts().filter((a) => a.channel === 'desk').length === 2, 'two desk alerts');
    await bot.waitFor(() => bot!.alerts().some((a) => a.channel === 'ops'), 'the failing notice');
    await bot.waitForLog((l) => l.msg.startsWith('channel gone DISABLED'), 'the gone channel disabled');
    // More failed polls of the broken feed do not announce it again.
    await bot.waitFor(() => broken.hits() >= 1 && good.hits() >= 3, 'more poll ticks');
    const notices = bot.alerts().filter((a) => a.channel === 'ops');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ feed: 'broken', title: 'Feed "broken" is failing' });
    expect(String(notices[0]!.summary)).toContain('1 consecutive failures');
    expect(bot.logs().filter((l) => l.msg.startsWith('channel gone DISABLED'))).toHaveLength(1);

    const metrics = await get(port, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metric(metrics.body, 'newsbot_polls_total')).toBeGreaterThanOrEqual(3);
    expect(metric(metrics.body, 'newsbot_poll_failures_total')).toBeGreaterThanOrEqual(1);
    expect(metric(metrics.body, 'newsbot_alerts_queued_total')).toBe(4);
    // desk ×2 and the notice; the gone channel's alerts wait.
    expect(metric(metrics.body, 'newsbot_alerts_delivered_total')).toBe(3);
    expect(metric(metrics.body, 'newsbot_delivery_latency_seconds_count')).toBe(3);
    expect(metric(metrics.body, 'newsbot_delivery_latency_seconds_bucket{le="+Inf"}')).toBe(3);
    expect((await get(port, '/nothing')).status).toBe(404);

    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);

    const text = await status(path);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    const iso = '\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z';
    expect(lines.find((l) => l.trim().startsWith('good '))).toMatch(new RegExp(`good  ok  last success: ${iso}  failures: 0  next poll: ${iso}$`));
    expect(lines.find((l) => l.trim().startsWith('broken '))).toMatch(
      new RegExp(`broken  FAILING  last success: -  failures: \\d+  next poll: ${iso}  last error: .*500`));
    expect(lines.find((l) => l.includes('desk (console)'))).toMatch(/pending: 0 {2}delivering/);
    expect(lines.find((l) => l.includes('gone (discord)'))).toMatch(/pending: 2 {2}DISABLED: discord 403/);

    const json = JSON.parse((await status(path, true)).stdout) as {
      feeds: Array<{ id: string; consecutiveFailures: number; failing: boolean; lastError: string | null; nextPoll: string | null }>;
      channels: Array<{ id: string; pending: number; disabled: string | null }>;
    };
    const brokenFeed = json.feeds.find((f) => f.id === 'broken')!;
    expect(brokenFeed).toMatchObject({ failing: true });
    expect(brokenFeed.consecutiveFailures).toBeGreaterThanOrEqual(1);
    // Backing off: the next poll is a minute after the failure, not the next schedule tick.
    expect(Date.parse(brokenFeed.nextPoll!)).toBeGreaterThan(Date.now() + 5_000);
    expect(json.channels.find((c) => c.id === 'gone')).toMatchObject({ pending: 2, disabled: expect.stringContaining('403') });
  }, 120_000);
});
