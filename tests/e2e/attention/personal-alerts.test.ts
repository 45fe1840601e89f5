/**
 * Issue 15 acceptance for personal alerts, through the built CLI with the fake Discord (gateway interaction,
 * real discord.js) and the fake Slack (Socket Mode, real Bolt): `/alerts me subscribe` typed by one user reaches
 * only that user, by direct message, once; nobody else and no channel gets it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import type { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { startChatFakes, type ChatFakes } from '../helpers/chat-fakes.js';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { startWire, type WireFeed } from '../helpers/ops-fixture.js';
import { buildOnce, makeTempDir, writeConfig } from '../helpers/run-cli.js';

const DISCORD_TOKEN = 'dm-e2e-discord.token';
const GUILD = '111111111111111111';
const DESK = '222222222222222222';
const ALICE = '555555555555555555';
const BOB = '666666666666666666';
const SLACK_BOT = 'xoxb-dm-e2e-bot';
const SLACK_APP = 'xapp-dm-e2e-app';
const SLACK_DESK = 'C0DMDESK01';
const CAROL = 'U0CAROL001';
const DAVE = 'U0DAVE0001';

let wire: WireFeed;
let discord: FakeDiscordServer;
let slack: FakeSlack;
let fakes: ChatFakes | undefined;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  wire = await startWire();
  fakes = await startChatFakes({
    discordToken: DISCORD_TOKEN, guild: GUILD, discordChannel: DESK, slackBot: SLACK_BOT, slackApp: SLACK_APP, slackChannel: SLACK_DESK,
  });
  ({ discord, slack } = fakes);
}, 120_000);

afterAll(async () => {
  killQuietly(bot);
  await wire?.server.stop();
  await fakes?.close();
});

describe('personal alerts end to end (built CLI, fake Discord and Slack)', () => {
  it('/alerts me subscribe on each platform: the match reaches only that user by direct message, once', async () => {
    const dir = makeTempDir('newsbot-dm-');
    const config = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
schedule: "* * * * * *"
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms, shutdownTimeout: 2s }
feeds:
  - { id: wire, url: "${wire.url}", name: Kabul wire }
channels:
  - { id: discord-desk, platform: discord, channel: "${DESK}" }
  - { id: slack-desk, platform: slack, channel: ${SLACK_DESK} }
`);
    wire.setItems([['old-1', 'Taliban story already in the feed']]);
    bot = startBot(['run', '--config', config], {
      ...fakes!.env,
    });
    await discord.whenGatewayReady();
    await bot.waitFor(() => slack.socket.openConnections() >= 1, 'the Socket Mode connection');

    // Alice has no channel permission: personal subscriptions need none.
    const alice = { id: ALICE, name: 'alice', permissions: '0' };
    const out = await discord.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: alice, group: 'me', subcommand: 'subscribe', options: { query: 'Taliban' } });
    expect(String(out.data.content)).toContain('reach you by direct message');
    await slack.sendSocketCommand({ text: 'me subscribe Taliban', channel_id: SLACK_DESK, user_id: CAROL });
    await bot.waitFor(() => slack.state.responses.length >= 1, 'the Slack reply');
    expect(JSON.stringify(slack.state.responses[0]!.body)).toContain('reach you by direct message');

    // A new story after the subscriptions (the one already in the feed predates them).
    await new Promise((r) => setTimeout(r, 1500));
    wire.setItems([['new-1', 'Taliban reopen the Salang road'], ['old-1', 'Taliban story already in the feed']]);
    await bot.waitFor(() => discord.directMessages(ALICE).length >= 1 && slack.state.messages.some((m) => m.channel === CAROL), 'both DMs', 30_000);
    await new Promise((r) => setTimeout(r, 2000));

    const aliceDms = discord.directMessages(ALICE).map((m) => (m.embeds[0] as { url?: string }).url);
    expect(aliceDms).toEqual(['https://wire.example/new-1']);
    expect(discord.directMessages(BOB)).toEqual([]);
    expect(discord.messages(DESK)).toEqual([]);
    const carolDms = slack.state.messages.filter((m) => m.channel === CAROL).map((m) => JSON.stringify(m.blocks));
    expect(carolDms).toHaveLength(1);
    expect(carolDms[0]).toContain('https://wire.example/new-1');
    expect(slack.state.messages.filter((m) => m.channel !== CAROL)).toEqual([]);
    expect(slack.state.messages.some((m) => m.channel === DAVE)).toBe(false);

    // Bob's list is empty; Alice's shows hers.
    const bobList = await discord.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: BOB, name: 'bob', permissions: '0' }, group: 'me', subcommand: 'list' });
    expect(String(bobList.data.content)).toContain('No subscriptions');
    const aliceList = await discord.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: alice, group: 'me', subcommand: 'list' });
    expect(String(aliceList.data.content)).toContain('`Taliban`');
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 90_000);
});
