/**
 * Delivery through the real app (outbox, retries, channel disabling) into the fake Discord: storms of 429s and
 * 5xx lose nothing and duplicate nothing; a forbidden channel is disabled with one loud line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createApp } from '../../../../src/app/create-app.js';
import { parseConfigValue, readPlatformEnv } from '../../../../src/app/registered-config.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { DESK, GUILD, SPORTS, TOKEN } from './discord-fixture.js';
import { createRecordingLogger } from './recording-logger.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

function wireFeed(count: number): string {
  const items = Array.from({ length: count }, (_, i) => `<item><title>Taliban story ${i}</title><link>https://wire.example/${i}</link><guid isPermaLink="false">item-${i}</guid><pubDate>Wed, 25 Nov 2026 ${String(10 + (i % 10)).padStart(2, '0')}:00:00 GMT</pubDate><description>Body ${i}</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>t</description>${items.join('')}</channel></rss>`;
}

async function startApp(items: number, opts: { store?: string; fake?: FakeDiscordServer; retryBase?: string } = {}) {
  const feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(wireFeed(items)));
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => feed.close(r)));
  const fake = opts.fake ?? (await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }, { id: SPORTS, name: 'sports' }] }] }));
  if (!opts.fake) cleanup.push(() => fake.close());
  const config = parseConfigValue({
    store: opts.store ?? 'memory://',
    backfill: 'all',
    fetch: { allowPrivateNetworks: true, timeout: '5s' },
    delivery: { retryBase: opts.retryBase ?? '10ms', retryMax: opts.retryBase ? '2s' : '200ms' },
    feeds: [{ id: 'wire', url: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/wire.xml`, name: 'Wire' }],
    channels: [
      { id: 'foreign-desk', platform: 'discord', channel: DESK },
      { id: 'sports', platform: 'discord', channel: SPORTS },
    ],
    subscriptions: [
      { id: 'taliban-desk', channel: 'foreign-desk', query: 'Taliban' },
      { id: 'taliban-sports', channel: 'sports', query: 'Taliban' },
    ],
  });
  const log = createRecordingLogger();
  const app = await createApp({
    config,
    platformEnv: readPlatformEnv({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl }),
    clock: { now: () => Date.now() },
    log,
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  cleanup.push(() => app.close());
  return { app, fake, log };
}

test('429 storms (bucket and global) and 5xx, some after Discord stored the message: every alert exactly once', async () => {
  const { app, fake } = await startApp(6);
  const path = new RegExp(`^/channels/${DESK}/messages$`);
  fake.scriptFailures('POST', path, [
    { status: 429, retryAfter: 0.05 },
    { status: 429, retryAfter: 0.05 },
    { status: 500 },
    { status: 502, afterCreate: true },
    { status: 429, retryAfter: 0.1, global: true },
    { status: 503, afterCreate: true },
    { status: 500 },
    { status: 429, retryAfter: 0.05 },
  ]);
  await app.runtime.pollAll();
  await app.runtime.drain(15_000);
  const desk = fake.messages(DESK).map((m) => (m.embeds[0] as { title: string }).title);
  expect(desk).toHaveLength(6);
  expect(new Set(desk).size).toBe(6);
  expect(fake.messages(SPORTS)).toHaveLength(6);
  const posts = fake.requests.filter((r) => r.method === 'POST' && path.test(r.path));
  expect(posts.length).toBe(6 + 8);
  // Retries of one alert reuse its nonce; distinct alerts have distinct nonces.
  expect(new Set(posts.map((r) => (r.body as { nonce: string }).nonce)).size).toBe(6);
});

test('a 403 channel is disabled with one loud line; the other channel keeps receiving', async () => {
  const { app, fake, log } = await startApp(3);
  fake.setChannelStatus(DESK, 403);
  await app.runtime.pollAll();
  await app.runtime.drain(5000);
  expect(fake.messages(SPORTS)).toHaveLength(3);
  expect(fake.messages(DESK)).toHaveLength(0);
  const deskPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DESK}/messages`).length;
  expect(deskPosts()).toBe(1);
  expect((await app.stores.channelState.get('foreign-desk'))?.disabledReason).toContain('403');
  expect(log.entries.filter((e) => e.level === 'error' && JSON.stringify(e.obj).includes('foreign-desk'))).toHaveLength(1);
  await app.runtime.drain(500);
  expect(deskPosts()).toBe(1);
});

test('a lost answer followed by a restart still leaves one message per alert (nonce), recorded with its id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-discord-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const store = `sqlite://${join(dir, 'bot.sqlite')}`;
  const first = await startApp(2, { store, retryBase: '400ms' });
  // Discord stores both alerts but the answers are lost; the bot stops before its retry is due.
  first.fake.scriptFailures('POST', new RegExp(`^/channels/${DESK}/messages$`), [{ status: 500, afterCreate: true }, { status: 500, afterCreate: true }]);
  await first.app.runtime.pollAll();
  await first.app.runtime.drain(50);
  expect(first.fake.messages(DESK)).toHaveLength(1);
  await first.app.close();

  const second = await startApp(2, { store, fake: first.fake, retryBase: '400ms' });
  await second.app.runtime.pollAll();
  await second.app.runtime.drain(10_000);
  const messages = first.fake.messages(DESK);
  expect(messages).toHaveLength(2);
  const record = await second.app.stores.outbox.getDelivery('foreign-desk', 'item-0');
  expect(messages.map((m) => m.id)).toContain(record?.messageId);
  expect(first.fake.messages(SPORTS)).toHaveLength(2);
});
