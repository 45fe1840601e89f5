/**
 * Secrets never leak: the built CLI runs (long-running, debug logging) with canary values in every platform
 * secret, in a `${FEED_TOKEN}` header of three feeds and a `${FEED_KEY}` URL parameter, through failures: one feed answers
 * 401, one 500 (also one added by a config edit, with a secret in its URL), Slack answers 401 then 500, Discord 500
 * and later 401, and an admin saves a bad config edit that puts a secret
 * where a cron string belongs. The canaries must appear nowhere but in the auth header (or gateway identify) of
 * the service they belong to: not on stdout, stderr, in the store, in `status`, on the status page (read with its
 * own canary token), nor in any other byte sent.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { buildOnce, makeTempDir, runCli } from '../helpers/run-cli.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { rssFeed, rssItem } from './security-fixture.js';

const CANARY = {
  DISCORD_TOKEN: 'MTAxCanaryDiscordTok.en-4f1c9e',
  SLACK_BOT_TOKEN: 'xoxb-canary-slack-bot-7d2a61',
  SLACK_APP_TOKEN: 'xapp-1-canary-slack-app-93be05',
  SLACK_SIGNING_SECRET: 'canary-signing-secret-c0ffee',
  FEED_TOKEN: 'canary-feed-token-5a8e3d',
  FEED_KEY: 'canary-feed-key-1b7f42',
  LATE_TOKEN: 'canary-late-token-e44d10',
  NEWSBOT_STATUS_TOKEN: 'canary-status-token-9e27b4d1',
};
const GUILD = '111111111111111111';
const DESK = '222222222222222222';
const SLACK_DESK = 'C0CANARY01';
const MESSAGE_POST = /\/channels\/\d+\/messages$/;

let feeds: FeedServer;
let discord: FakeDiscordServer;
let slack: FakeSlack;
let discordProxy: RecordingProxy;
let slackProxy: RecordingProxy;
let bot: BotProcess | undefined;
let dir: string;
const stories = [rssItem('c-1', 'Taliban take district', 'Fighters advanced.')];

beforeAll(async () => {
  buildOnce();
  dir = makeTempDir('newsbot-canary-');
  feeds = await startFeedServer();
  // Three feeds carry the same credentials: one answers 401, one 500, one serves the story.
  feeds.route('/locked.xml', (_req, res) => void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end('unauthorized'));
  feeds.route('/down.xml', (_req, res) => void res.writeHead(500).end('wire down'));
  feeds.route('/wire.xml', (req, res) => {
    if (req.headers.authorization !== `Bearer ${CANARY.FEED_TOKEN}`) return void res.writeHead(401).end('unauthorized');
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', stories));
  });
  discord = await FakeDiscordServer.start({ token: CANARY.DISCORD_TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
  discordProxy = await startRecordingProxy(discord.apiUrl);
  discordProxy.failNext('POST', MESSAGE_POST, 500);
  slack = await startFakeSlack({ botToken: CANARY.SLACK_BOT_TOKEN, appToken: CANARY.SLACK_APP_TOKEN });
  slack.addChannel(SLACK_DESK, { name: 'desk' });
  slackProxy = await startRecordingProxy(slack.apiUrl);
  slackProxy.failNext('POST', /chat\.postMessage$/, 401, 500);
}, 180_000);

afterAll(async () => {
  killQuietly(bot);
  await discordProxy?.close();
  await slackProxy?.close();
  await discord?.close();
  await slack?.close();
  await feeds?.stop();
});

function config(schedule: string, lateFeed = false): string {
  return `
store: sqlite://${join(dir, 'store.sqlite')}
schedule: "${schedule}"
backfill: all
log: { level: debug }
http: { port: 0, host: 127.0.0.1 }
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 50ms, retryMax: 300ms, shutdownTimeout: 2s }
feeds:
${['wire', 'locked', 'down'].map((id) => `  - id: ${id}
    url: "${feeds.url(`/${id}.xml`)}?key=\${FEED_KEY}"
    headers: { Authorization: "Bearer \${FEED_TOKEN}" }`).join('\n')}
${lateFeed ? `  - { id: late, url: "${feeds.url('/down.xml')}?q=\${LATE_TOKEN}" }` : ''}
channels:
  - { id: console-desk, platform: console }
  - { id: discord-desk, platform: discord, channel: "${DESK}" }
  - { id: slack-desk, platform: slack, channel: ${SLACK_DESK} }
subscriptions:
  - { id: t-console, channel: console-desk, query: Taliban }
  - { id: t-discord, channel: discord-desk, query: Taliban }
  - { id: t-slack, channel: slack-desk, query: Taliban }
`;
}

/** Every place a canary could land, minus the auth header, Discord's identify token and the feed URLs' own parameters. */
function exposedText(stdout: string, stderr: string, status: string, page: string): Record<string, string> {
  const withoutAuth = (headers: Record<string, unknown>) => ({ ...headers, authorization: undefined });
  const store = readdirSync(dir).filter((f) => f.startsWith('store.sqlite'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
  return {
    stdout, stderr, status, store, page,
    discordRest: JSON.stringify(discordProxy.recorded.map((r) => ({ ...r, headers: withoutAuth(r.headers) }))),
    discordGateway: JSON.stringify(discord.gatewayPayloads.map((p) => (p.op === 2 ? { ...p, d: { ...(p.d as object), token: undefined } } : p))),
    slackApi: JSON.stringify(slackProxy.recorded.map((r) => ({ ...r, headers: withoutAuth(r.headers) }))),
    feedServer: JSON.stringify(feeds.requests().map((r) => ({ ...r, path: r.path.replace(`key=${CANARY.FEED_KEY}`, 'key=').replace(`q=${CANARY.LATE_TOKEN}`, 'q='), headers: withoutAuth(r.headers) }))),
  };
}

describe('canary secrets through failures (built CLI)', () => {
  it('never shows a canary outside its own auth header', { timeout: 60_000 }, async () => {
    const path = join(dir, 'newsbot.yaml');
    writeFileSync(path, config('* * * * * *'));
    bot = startBot(['run', '--config', path], {
      ...CANARY, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: discordProxy.url, SLACK_API_URL: slackProxy.url,
    });
    // Slack goes through a 401 and a 500, Discord through a 500, and both deliver; the feeds answer 401 and 500.
    const answered = (proxy: RecordingProxy) => proxy.recorded.every((r) => r.status !== 0);
    await bot.waitFor(() => discord.messages(DESK).length === 1 && slack.state.messages.length === 1
      && answered(discordProxy) && answered(slackProxy), 'alerts on Discord and Slack', 30_000);
    expect(discordProxy.recorded.filter((r) => MESSAGE_POST.test(r.path)).map((r) => r.status)).toEqual([500, 200]);
    expect(slackProxy.recorded.filter((r) => r.path.endsWith('chat.postMessage')).map((r) => r.status)).toEqual([401, 500, 200]);
    // Then Discord answers 401 (a revoked token): @discordjs/rest drops the token, so the alert stays queued.
    discordProxy.failNext('POST', MESSAGE_POST, 401);
    stories.unshift(rssItem('c-2', 'Taliban statement', 'A spokesman said.'));
    await bot.waitFor(() => slack.state.messages.length === 2, 'the second alert on Slack', 15_000);
    await bot.waitForLog((l) => l.channel === 'discord-desk' && /401/.test(String(l.error)), 'the 401 from Discord');
    await bot.waitForLog((l) => l.feed === 'locked' && l.status === 401, 'the 401 from the feed');
    await bot.waitForLog((l) => l.feed === 'down' && l.status === 500, 'the 500 from the feed');

    // A good edit adds a feed whose URL carries a secret the first config never used (not a key-like name).
    writeFileSync(path, config('* * * * * *', true));
    await bot.waitForLog((l) => l.feed === 'late' && l.status === 500, 'the 500 from the feed added by the edit', 15_000);
    // A bad edit: the secret lands where a cron string belongs, so the error message is built around it.
    writeFileSync(path, config('${FEED_TOKEN}'));
    await bot.waitForLog((l) => /config edit rejected/.test(l.msg), 'the rejected config edit', 15_000);
    // The status page, read with its token, after every failure above (the late feed's URL and errors included).
    const port = Number((await bot.waitForLog((l) => l.msg.startsWith('health and metrics on'), 'the health server')).port);
    const answer = await fetch(`http://127.0.0.1:${port}/`, { headers: { authorization: `Bearer ${CANARY.NEWSBOT_STATUS_TOKEN}` } });
    const page = await answer.text();
    expect(answer.status).toBe(200);
    expect(page).toContain(`${feeds.url('/down.xml')}?q=***`);
    expect(page).toContain('Taliban statement');
    bot.signal('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    // `status` reads the store with the last good config (the feed URLs carry secrets).
    writeFileSync(path, config('* * * * * *', true));
    const status = await runCli(['status', '--json', '--config', path], { env: CANARY });
    expect(status.code, status.stderr).toBe(0);
    const late = (JSON.parse(status.stdout) as { feeds: Array<{ id: string; url: string; lastError: string }> }).feeds.find((f) => f.id === 'late');
    expect(late).toMatchObject({ url: `${feeds.url('/down.xml')}?q=***`, lastError: 'http: HTTP 500' });

    // The canaries did reach their own services (so this test can fail): feed header and URL, platform auth.
    expect(feeds.requests('/wire.xml').at(-1)!.headers.authorization).toBe(`Bearer ${CANARY.FEED_TOKEN}`);
    expect(feeds.requests('/wire.xml').at(-1)!.path).toContain(`key=${CANARY.FEED_KEY}`);
    expect(discordProxy.recorded.some((r) => r.headers.authorization === `Bot ${CANARY.DISCORD_TOKEN}`)).toBe(true);
    expect(slackProxy.recorded.some((r) => r.headers.authorization === `Bearer ${CANARY.SLACK_BOT_TOKEN}`)).toBe(true);
    expect(slackProxy.recorded.some((r) => r.headers.authorization === `Bearer ${CANARY.SLACK_APP_TOKEN}`)).toBe(true);

    const places = exposedText(bot.stdout(), bot.stderr(), status.stdout + status.stderr, page);
    for (const [where, text] of Object.entries(places)) {
      for (const [name, canary] of Object.entries(CANARY)) expect(text, `${name} in ${where}`).not.toContain(canary);
    }
  });
});
