/**
 * Delivery that loses nothing and doubles nothing, through the built CLI, a real SQLite file and the real
 * discord.js client against the fake Discord: kill -9 between Discord's 2xx and our mark, 429/5xx storms, and a
 * Discord that is down for a long stretch.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killQuietly, startBot, type BotProcess } from './helpers/bot-process.js';
import { DESK, makeWorkDir, startDiscord, startWire, type DiscordRig, type WireFeed } from './helpers/ops-fixture.js';
import { buildOnce, runCli, writeConfig } from './helpers/run-cli.js';

let discord: DiscordRig;
let wire: WireFeed;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  discord = await startDiscord();
  wire = await startWire();
}, 180_000);

afterAll(async () => {
  await discord?.close();
  await wire?.server.stop();
});

afterEach(() => {
  killQuietly(bot);
  bot = undefined;
  discord.fake.messages(DESK).length = 0;
  discord.fake.requests.length = 0;
  discord.proxy.setMode('pass');
});

function config(store: string, extra = ''): string {
  return `
store: ${store}
schedule: "* * * * * *"
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 250ms }
scaleOut: { claimTtl: 1s }
feeds:
  - id: wire
    url: ${wire.url}
    name: Wire
channels:
  - id: desk
    platform: discord
    channel: "${DESK}"
subscriptions:
  - id: taliban
    channel: desk
    query: Taliban
${extra}`;
}

/** Item ids differ per test: the fake Discord remembers nonces (derived from them) for the whole file. */
const stories = (prefix: string, from: number, to: number): Array<[string, string]> =>
  Array.from({ length: to - from + 1 }, (_, i) => [`${prefix}-${from + i}`, `Taliban story ${from + i}`]);

describe('crash-safe delivery (built CLI, SQLite, fake Discord)', () => {
  it('kill -9 after Discord stored a message but before our mark: the restart resends with the same nonce, and a 429/5xx storm on the restart still leaves one message per alert', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, config(store));
    wire.setItems(stories('killed', 1, 3));
    discord.proxy.holdNext(1);
    bot = startBot(['run', '--once', '--config', path], discord.env);
    await bot.waitFor(() => discord.proxy.held().length === 1, 'the first message POST to reach Discord');
    bot.signal('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');
    expect(discord.titles()).toHaveLength(1);
    const killedNonce = discord.proxy.held()[0]!.nonce;

    // The restart meets the dead process's claim (expires after scaleOut.claimTtl), then a storm of 429s and
    // 5xx, two of them after Discord stored the message (a lost answer again).
    discord.fake.scriptFailures('POST', new RegExp(`^/channels/${DESK}/messages$`), [
      { status: 429, retryAfter: 0.05 }, { status: 500, afterCreate: true }, { status: 503 },
      { status: 429, retryAfter: 0.1, global: true }, { status: 502, afterCreate: true }, { status: 500 },
    ]);
    const restart = await runCli(['run', '--once', '--config', path], { env: discord.env });
    expect(restart.code, restart.stderr).toBe(0);
    expect([...discord.titles()].sort()).toEqual(['Taliban story 1', 'Taliban story 2', 'Taliban story 3']);
    const posts = discord.posts();
    expect(posts.filter((p) => p.nonce === killedNonce).length).toBeGreaterThanOrEqual(2);
    expect(new Set(posts.map((p) => p.nonce)).size).toBe(3);
    expect(posts.length).toBe(1 + 3 + 6);
  }, 120_000);

  it('Discord down for a long stretch (503s, then cut connections): alerts wait and then go out once each, in queue order', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, `${config(store)}\nlog: { level: debug }\n`);
    discord.proxy.setMode('unavailable');
    wire.setItems(stories('outage', 1, 3).reverse());
    bot = startBot(['run', '--config', path], discord.env);
    const retrying = (n: number) => () => bot!.logs().filter((l) => l.msg.startsWith('delivery to desk failed')).length >= n;
    await bot.waitFor(retrying(3), 'three failed attempts');
    // Newer stories arrive while Discord is still down.
    wire.setItems(stories('outage', 1, 5).reverse());
    await bot.waitForLog((l) => l.msg === 'feed polled' && l.new === 2, 'the poll that finds stories 4 and 5');
    discord.proxy.setMode('reset');
    const before = bot.logs().filter((l) => l.msg.startsWith('delivery to desk failed')).length;
    await bot.waitFor(retrying(before + 3), 'failed attempts on cut connections');
    expect(discord.titles()).toHaveLength(0);

    discord.proxy.setMode('pass');
    await bot.waitFor(() => discord.titles().length === 5, 'five messages after recovery');
    // Queue order: the first poll's items in feed order, then the second poll's.
    expect(discord.titles()).toEqual(['Taliban story 3', 'Taliban story 2', 'Taliban story 1', 'Taliban story 5', 'Taliban story 4']);
    const attempts = bot.logs().filter((l) => l.msg.startsWith('delivery to desk failed'));
    // Backoff, not a busy loop: retries wait between attempts (doubling from 20 ms up to 250 ms here).
    expect(attempts.some((l) => Number(l.retryInMs) === 250)).toBe(true);
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(discord.titles()).toHaveLength(5);
  }, 120_000);
});
