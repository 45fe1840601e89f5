/**
 * Issue 15 acceptance for digest subscriptions, through the built CLI on the fake Discord: a `deliver: digest`
 * subscription (`every: 1m`, the shortest period, aligned to the minute) sends one message at the end of the
 * period listing every match of it, while an instant subscription of the same channel alerts at once.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { startWire, type WireFeed } from '../helpers/ops-fixture.js';
import { buildOnce, makeTempDir, writeConfig } from '../helpers/run-cli.js';

const TOKEN = 'digest-e2e-discord.token';
const GUILD = '111111111111111111';
const DESK = '222222222222222222';

let wire: WireFeed;
let discord: FakeDiscordServer;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  wire = await startWire();
  discord = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
}, 120_000);

afterAll(async () => {
  killQuietly(bot);
  await wire?.server.stop();
  await discord?.close();
});

type Embed = { title: string; url?: string; fields?: Array<{ name: string; value: string }> };
const embeds = () => discord.messages(DESK).map((m) => m.embeds[0] as Embed);

describe('digest subscription end to end (built CLI, fake Discord)', () => {
  it('one message at the end of the period with every match in it; the instant subscription alerts at once', async () => {
    // Not in the last seconds of a minute, so the stories are queued in the period whose end the test waits for.
    while (new Date().getUTCSeconds() > 45) await new Promise((r) => setTimeout(r, 500));
    const periodEnd = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    const dir = makeTempDir('newsbot-digest-');
    const config = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
schedule: "* * * * * *"
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms, shutdownTimeout: 2s }
feeds:
  - { id: wire, url: "${wire.url}", name: Kabul wire }
channels:
  - { id: desk, platform: discord, channel: "${DESK}" }
subscriptions:
  - { id: roundup, channel: desk, query: Pakistan OR Iran, deliver: digest, every: 1m }
  - { id: breaking, channel: desk, query: Taliban }
`);
    wire.setItems([['r-1', 'Pakistan reopens border crossing'], ['t-1', 'Taliban enter district'], ['r-2', 'Iran hosts regional talks'],
      ['r-3', 'Pakistan and Iran sign trade accord']]);
    bot = startBot(['run', '--config', config], { DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: discord.apiUrl });
    await bot.waitFor(() => embeds().length >= 1, 'the instant alert', 30_000);
    expect(embeds().map((e) => e.url)).toEqual(['https://wire.example/t-1']);
    expect(Date.now()).toBeLessThan(periodEnd);

    await bot.waitFor(() => embeds().length >= 2, 'the digest at the end of the minute', 90_000);
    expect(Date.now()).toBeGreaterThanOrEqual(periodEnd);
    await new Promise((r) => setTimeout(r, 1500));
    expect(embeds()).toHaveLength(2);
    const digest = embeds()[1]!;
    expect(digest.title.replace(/\\(.)/g, '$1')).toBe('Digest for roundup: 3 stories (every 1 min)');
    expect(digest.fields!.map((f) => f.value.match(/wire\.example\/(r-\d)/)?.[1])).toEqual(['r-1', 'r-2', 'r-3']);
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  }, 150_000);
});
