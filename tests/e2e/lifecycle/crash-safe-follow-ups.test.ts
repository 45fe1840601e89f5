/**
 * An update goes through the outbox like an alert: kill -9 after Discord stored the thread reply but before
 * our mark, and the restart neither posts it twice nor starts a second thread (built CLI, SQLite, discord.js
 * against the fake Discord behind the holding proxy).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoryInput } from '../../../src/core/lifecycle/prepare-story.js';
import { BAGRAM_RTR } from '../../fixtures/lifecycle/stories.js';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { DESK, makeWorkDir, startDiscord, type DiscordRig } from '../helpers/ops-fixture.js';
import { buildOnce, runCli, writeConfig } from '../helpers/run-cli.js';
import { startStoryWire, type StoryWire } from '../helpers/story-wire.js';

const UPDATE: StoryInput = {
  ...BAGRAM_RTR, title: `UPDATE 1-${BAGRAM_RTR.title}`, published: '2021-07-02T07:30:00Z',
  body: `(Adds Pentagon comment in paragraph 4) ${BAGRAM_RTR.body} A Pentagon spokesman said the handover had been coordinated with Afghan leaders.`,
};

let discord: DiscordRig;
let wire: StoryWire;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  discord = await startDiscord();
  wire = await startStoryWire(['rtr']);
}, 120_000);

afterAll(async () => {
  killQuietly(bot);
  await discord?.close();
  await wire?.stop();
});

it('kill -9 between the thread reply reaching Discord and our record: after the restart the thread holds it once', async () => {
  const { dir, store } = makeWorkDir();
  const path = writeConfig(dir, `
store: ${store}
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 250ms }
scaleOut: { claimTtl: 1s }
feeds:
  - { id: rtr, url: "${wire.url('rtr')}", name: Reuters }
channels:
  - { id: desk, platform: discord, channel: "${DESK}" }
subscriptions:
  - { id: bagram, channel: desk, query: Bagram }
`);
  wire.setStories('rtr', [BAGRAM_RTR]);
  const first = await runCli(['run', '--once', '--config', path], { env: discord.env });
  expect(first.code, first.stderr.slice(-3000)).toBe(0);
  const [alert] = discord.fake.messages(DESK);
  expect(alert).toBeDefined();

  wire.setStories('rtr', [UPDATE]);
  discord.proxy.holdNext(1);
  bot = startBot(['run', '--once', '--config', path], discord.env);
  await bot.waitFor(() => discord.proxy.held().length === 1, 'the thread reply POST to reach Discord');
  bot.signal('SIGKILL');
  expect((await bot.exited).signal).toBe('SIGKILL');
  const thread = discord.fake.thread(alert!.id);
  expect(thread).toBeDefined();
  expect(discord.fake.messages(thread!.id)).toHaveLength(1);

  const restart = await runCli(['run', '--once', '--config', path], { env: discord.env });
  expect(restart.code, restart.stderr.slice(-3000)).toBe(0);
  const replies = discord.fake.messages(thread!.id);
  expect(replies.map((m) => (m.embeds[0] as { title: string }).title)).toEqual([`UPDATE: ${BAGRAM_RTR.title}`]);
  // The resend carried the held POST's nonce: Discord answered it with the stored message.
  const resent = discord.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${thread!.id}/messages`);
  expect(resent.length).toBeGreaterThanOrEqual(2);
  expect(new Set(resent.map((r) => (r.body as { nonce?: string }).nonce))).toEqual(new Set([discord.proxy.held()[0]!.nonce]));
  expect(discord.fake.messages(DESK)).toHaveLength(1);

  // A later poll with nothing new posts nothing more.
  const again = await runCli(['run', '--once', '--config', path], { env: discord.env });
  expect(again.code).toBe(0);
  expect(discord.fake.messages(thread!.id)).toHaveLength(1);
}, 120_000);
