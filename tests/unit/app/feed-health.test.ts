/**
 * A feed that keeps failing is marked failing and announced once in notices.channel, and recovers on its own.
 * The real app (SQLite file, real fetcher against a loopback feed, console platform) with a manual clock, so the
 * fetcher's backoff (60 s doubling) is stepped over instead of waited out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createApp, type App } from '../../../src/app/create-app.js';
import { readStatus } from '../../../src/app/status-command.js';
import { parseConfigValue, readPlatformEnv } from '../../../src/app/registered-config.js';
import type { Logger } from '../../../src/core/ports.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface Rig {
  app: App;
  clock: { now(): number; advance(ms: number): void };
  lines: Array<Record<string, unknown>>;
  server: FeedServer;
  config: ReturnType<typeof parseConfigValue>;
  setStatus(status: number): void;
}

async function startRig(store: string, extra: Record<string, unknown> = {}): Promise<Rig> {
  const server = await startFeedServer();
  cleanup.push(() => server.stop());
  let status = 200;
  server.route('/wire.xml', (_req, res) => {
    if (status !== 200) return void res.writeHead(status).end('down');
    res.writeHead(200, { 'content-type': 'application/rss+xml' })
      .end('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>w1</guid><title>Calm day</title></item></channel></rss>');
  });
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const lines: Array<Record<string, unknown>> = [];
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const config = parseConfigValue({
    store, backfill: 'none', failureThreshold: 3, fetch: { allowPrivateNetworks: true, timeout: '5s' },
    feeds: [{ id: 'wire', url: server.url('/wire.xml'), name: 'Wire' }],
    channels: [{ id: 'ops', platform: 'console' }], notices: { channel: 'ops' }, ...extra,
  });
  const app = await createApp({ config, platformEnv: readPlatformEnv({}), clock, log: quiet, stdout });
  cleanup.push(() => app.close());
  return { app, clock, lines, server, config, setStatus: (s) => (status = s) };
}

/** One scheduled poll after any backoff has passed, then delivery. */
async function pollOnce(rig: Rig): Promise<void> {
  rig.clock.advance(2 * 3_600_000);
  await rig.app.runtime.pollAll();
  await rig.app.runtime.drain(2000);
}

test('failing after failureThreshold consecutive failures: one notice; recovery: one notice; both only once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-health-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const rig = await startRig(`sqlite://${join(dir, 'bot.sqlite')}`);
  await pollOnce(rig);
  rig.setStatus(503);
  await pollOnce(rig);
  await pollOnce(rig);
  expect(rig.lines).toHaveLength(0);
  expect((await rig.app.stores.feedState.get('wire'))).toMatchObject({ consecutiveFailures: 2, failing: false });

  await pollOnce(rig);
  expect(rig.lines).toHaveLength(1);
  expect(rig.lines[0]).toMatchObject({ channel: 'ops', feed: 'wire', title: 'Feed "Wire" is failing' });
  expect(String(rig.lines[0]!.summary)).toMatch(/^3 consecutive failures\. Last error: .*503/);
  const status = await readStatus(rig.config, rig.clock);
  expect(status.feeds[0]).toMatchObject({ id: 'wire', failing: true, consecutiveFailures: 3 });
  expect(status.feeds[0]!.lastError).toContain('503');

  await pollOnce(rig);
  await pollOnce(rig);
  expect(rig.lines).toHaveLength(1);

  rig.setStatus(200);
  await pollOnce(rig);
  expect(rig.lines).toHaveLength(2);
  expect(rig.lines[1]).toMatchObject({ channel: 'ops', feed: 'wire', title: 'Feed "Wire" recovered' });
  expect((await rig.app.stores.feedState.get('wire'))).toMatchObject({ consecutiveFailures: 0, failing: false });
  await pollOnce(rig);
  await pollOnce(rig);
  expect(rig.lines).toHaveLength(2);
  expect(rig.server.hits('/wire.xml')).toBe(9);
});

test('a crash between queuing the failing notice and saving the feed state does not announce it twice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-health-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = `sqlite://${join(dir, 'bot.sqlite')}`;
  const rig = await startRig(store, { failureThreshold: 1 });
  await pollOnce(rig);
  const healthy = await rig.app.stores.feedState.get('wire');
  rig.setStatus(500);
  await pollOnce(rig);
  expect(rig.lines.map((l) => l.title)).toEqual(['Feed "Wire" is failing']);
  // As if the process died before the state write: the same transition is detected again on the next poll.
  await rig.app.stores.feedState.set('wire', healthy!);
  await pollOnce(rig);
  expect(rig.lines.map((l) => l.title)).toEqual(['Feed "Wire" is failing']);
  expect((await rig.app.stores.feedState.get('wire'))?.failing).toBe(true);
});

test('without notices.channel a failing feed is only logged and marked', async () => {
  const rig = await startRig('memory://', { notices: {}, failureThreshold: 1 });
  await pollOnce(rig);
  rig.setStatus(500);
  await pollOnce(rig);
  expect(rig.lines).toHaveLength(0);
  expect((await rig.app.stores.feedState.get('wire'))?.failing).toBe(true);
  expect(await rig.app.stores.outbox.channelsWithPending()).toEqual([]);
});
