/**
 * SIGTERM / SIGINT on the built CLI: scheduling stops, the post in flight gets up to delivery.shutdownTimeout,
 * the rest stays queued in the SQLite file for the next start, the store is closed and the exit code is 0.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killQuietly, startBot, type BotProcess } from './helpers/bot-process.js';
import { DESK, makeWorkDir, startDiscord, startWire, status, type DiscordRig, type WireFeed } from './helpers/ops-fixture.js';
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
});

function config(store: string, shutdownTimeout: string): string {
  return `
store: ${store}
schedule: "* * * * * *"
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 250ms, shutdownTimeout: ${shutdownTimeout} }
scaleOut: { claimTtl: 1s }
feeds: [{ id: wire, url: "${wire.url}" }]
channels: [{ id: desk, platform: discord, channel: "${DESK}" }]
subscriptions: [{ id: taliban, channel: desk, query: Taliban }]
`;
}

const pendingOf = (out: string) => Number(/desk \(discord\)\s+pending: (\d+)/.exec(out)?.[1]);

describe('stopping the bot', () => {
  it('SIGTERM: no new polls, the post in flight finishes and is marked, the rest stays queued; exit 0; the next start sends the rest once', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, config(store, '10s'));
    wire.setItems([['term-3', 'Taliban story C'], ['term-2', 'Taliban story B'], ['term-1', 'Taliban story A']]);
    discord.proxy.holdNext(1);
    const before = discord.posts().length;
    bot = startBot(['run', '--config', path], discord.env);
    await bot.waitFor(() => discord.proxy.held().length === 1, 'a post in flight');
    const hitsAtSignal = wire.hits();
    bot.signal('SIGTERM');
    await bot.waitForLog((l) => l.msg.startsWith('SIGTERM: finishing in-flight posts'), 'the shutdown line');
    // Longer than a schedule tick: a poll would start here if scheduling had not stopped.
    await new Promise((r) => setTimeout(r, 1200));
    discord.proxy.held()[0]!.release();
    const exit = await bot.exited;
    expect(exit.code, bot.stderr()).toBe(0);
    expect(bot.logs().some((l) => l.msg === 'stopped')).toBe(true);
    expect(wire.hits()).toBeLessThanOrEqual(hitsAtSignal + 1);
    const firstNonce = discord.proxy.held()[0]!.nonce;
    expect(discord.titles().filter((t) => t.startsWith('Taliban story'))).toEqual(['Taliban story C']);
    expect(discord.posts().length - before).toBe(1);

    // The marked alert is not pending; the two behind it are, in the store the next start reads.
    const st = await status(path);
    expect(st.code).toBe(0);
    expect(pendingOf(st.stdout)).toBe(2);
    const next = await runCli(['run', '--once', '--config', path], { env: discord.env });
    expect(next.code, next.stderr).toBe(0);
    expect(discord.titles().filter((t) => /story [ABC]$/.test(t))).toEqual(['Taliban story C', 'Taliban story B', 'Taliban story A']);
    expect(discord.posts().filter((p) => p.nonce === firstNonce)).toHaveLength(1);
  }, 120_000);

  it('SIGINT with a post hanging past the deadline: exit 0 at the deadline, the alert stays queued, the next start resends it under the same nonce (one message)', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, config(store, '1s'));
    wire.setItems([['int-2', 'Taliban story E'], ['int-1', 'Taliban story D']]);
    const heldBefore = discord.proxy.held().length;
    discord.proxy.holdNext(1);
    bot = startBot(['run', '--config', path], discord.env);
    await bot.waitFor(() => discord.proxy.held().length === heldBefore + 1, 'a post hanging at Discord');
    const hanging = discord.proxy.held()[heldBefore]!.nonce;
    bot.signal('SIGINT');
    const exit = await bot.exited;
    expect(exit.code, bot.stderr()).toBe(0);
    expect(bot.logs().some((l) => l.msg.startsWith('SIGINT: finishing in-flight posts'))).toBe(true);
    expect(bot.logs().some((l) => l.msg === 'stopped')).toBe(true);
    expect(pendingOf((await status(path)).stdout)).toBe(2);

    const next = await runCli(['run', '--once', '--config', path], { env: discord.env });
    expect(next.code, next.stderr).toBe(0);
    expect(discord.titles().filter((t) => /story [DE]$/.test(t))).toEqual(['Taliban story E', 'Taliban story D']);
    expect(discord.posts().filter((p) => p.nonce === hanging).length).toBe(2);
  }, 120_000);
});
