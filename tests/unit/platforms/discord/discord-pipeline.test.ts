/**
 * The whole path on 127.0.0.1: a staff member subscribes through the real discord.js client, the real app polls
 * a local feed, and the alert arrives as an embed in the fake Discord channel; unsubscribe stops it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, expect, test } from 'vitest';
import { createApp, type App } from '../../../../src/app/create-app.js';
import { parseConfigValue, readPlatformEnv } from '../../../../src/app/registered-config.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { DESK, GUILD, MANAGE_CHANNELS, TOKEN } from './discord-fixture.js';
import { createRecordingLogger } from './recording-logger.js';
import { commandChannelId } from '../../../../src/core/ports.js';

interface Item { guid: string; title: string; body: string }

function rss(items: Item[]): string {
  const entries = items.map((i) => `<item><title>${i.title}</title><link>https://wire.example/${i.guid}</link><guid isPermaLink="false">${i.guid}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>${i.body}</description></item>`);
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>t</description>${entries.join('')}</channel></rss>`;
}

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

test('subscribe in Discord → poll → embed in that channel; unsubscribe stops alerts', async () => {
  let items: Item[] = [{ guid: 'old-1', title: 'Markets calm', body: 'Nothing to see.' }];
  const feedServer: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss(items));
  });
  await new Promise<void>((r) => feedServer.listen(0, '127.0.0.1', r));
  cleanup.push(() => new Promise((r) => feedServer.close(r)));
  const feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/wire.xml`;

  const fake = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'foreign-desk' }] }] });
  cleanup.push(() => fake.close());
  const config = parseConfigValue({
    store: 'memory://',
    backfill: 'none',
    fetch: { allowPrivateNetworks: true, timeout: '5s' },
    feeds: [{ id: 'wire', url: feedUrl, name: 'Wire Service' }],
    channels: [{ id: 'console', platform: 'console' }],
    subscriptions: [],
  });
  const log = createRecordingLogger();
  const stdout = new Writable({ write: (_c, _e, cb) => cb() });
  const app: App = await createApp({
    config,
    platformEnv: readPlatformEnv({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl }),
    clock: { now: () => Date.now() },
    log,
    stdout,
  });
  cleanup.push(() => app.close());

  // First poll: the feed's existing items are history (backfill none), nothing is posted.
  await app.runtime.pollAll();
  await app.runtime.drain(5000);
  expect(fake.messages(DESK)).toEqual([]);

  const reply = await fake.interact({
    kind: 'command', guildId: GUILD, channelId: DESK,
    member: { id: '500000000000000001', permissions: MANAGE_CHANNELS },
    subcommand: 'subscribe', options: { query: 'Taliban OR "Bagram air base"', feed: 'wire' },
  });
  expect(reply.data.content).toContain('Subscribed: `Taliban OR "Bagram air base"`');

  await new Promise((r) => setTimeout(r, 5));
  items = [
    { guid: 'new-1', title: 'Taliban enter @everyone [Kabul](http://evil)', body: 'Fighters reached the capital.' },
    { guid: 'new-2', title: 'Rates unchanged', body: 'The central bank held.' },
    ...items,
  ];
  await app.runtime.pollAll();
  await app.runtime.drain(5000);
  const posted = fake.messages(DESK);
  expect(posted).toHaveLength(1);
  const embed = posted[0]!.embeds[0] as { title: string; url: string; footer: { text: string } };
  expect(embed.title).toBe('Taliban enter \\@everyone \\[Kabul\\]\\(http\\://evil\\)');
  expect(embed.url).toBe('https://wire.example/new-1');
  expect(embed.footer.text).toBe('Wire Service');
  expect(posted[0]!.allowed_mentions).toEqual({ parse: [] });

  const subs = await app.stores.subscriptions.list();
  // The platform's message id and channel reference are kept for follow-ups (threads, edits).
  expect(subs[0]!.channel).toBe(commandChannelId('discord', DESK, GUILD));
  const record = await app.stores.outbox.getDelivery(subs[0]!.channel, 'new-1');
  expect(record).toMatchObject({ platform: 'discord', messageId: posted[0]!.id, ref: { channelId: DESK, guildId: GUILD } });
  await fake.interact({
    kind: 'command', guildId: GUILD, channelId: DESK,
    member: { id: '500000000000000001', permissions: MANAGE_CHANNELS },
    subcommand: 'unsubscribe', options: { id: subs[0]!.id },
  });
  items = [{ guid: 'new-3', title: 'Taliban statement', body: 'More news.' }, ...items];
  await app.runtime.pollAll();
  await app.runtime.drain(5000);
  expect(fake.messages(DESK)).toHaveLength(1);
});
