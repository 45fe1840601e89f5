/**
 * Issue 15 acceptance, through the built CLI (`run --once`) with the fake Discord and fake Slack: a FLASH pings
 * the configured role / user group and nothing else does, the headline flag and the <priority> element both
 * count, and feed text that spells out mentions pings nobody. The console line carries `urgency`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { decodeApiBody } from '../../fakes/slack/fake-slack-web-api.js';
import type { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { startChatFakes, type ChatFakes } from '../helpers/chat-fakes.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { buildOnce, makeTempDir, parseAlertLines, runCli, writeConfig, type CliResult } from '../helpers/run-cli.js';

const DISCORD_TOKEN = 'urgency-e2e-discord.token';
const SLACK_BOT = 'xoxb-urgency-e2e-bot';
const SLACK_APP = 'xapp-urgency-e2e-app';
const GUILD = '111111111111111111';
const DESK = '222222222222222222';
const ROLE = '777777777777777777';
const SLACK_DESK = 'C0URGDESK1';
const GROUP = 'S0DESKLEADS';
const SPOOF = '@everyone @here <@&888888888888888888> <!channel> <!subteam^S0EVIL0001>';

const item = (guid: string, title: string, extra = '') =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>https://wire.example/${guid}</link>` +
  `<description>Taliban fighters were seen near Kabul, officials said.</description>${extra}</item>`;
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Urgent wire</title>
${item('u-flash', 'FLASH Taliban enter Kabul')}
${item('u-element', 'Kabul airport closed to civilian flights', '<priority>1</priority>')}
${item('u-bulletin', 'BULLETIN: Taliban name interim council')}
${item('u-routine', 'Taliban talks resume in Doha')}
${item('u-spoof', `Taliban statement ${SPOOF.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`)}
</channel></rss>`;

let feeds: FeedServer;
let discord: FakeDiscordServer;
let slack: FakeSlack;
let fakes: ChatFakes | undefined;
let run: CliResult;

beforeAll(async () => {
  buildOnce();
  const dir = makeTempDir('newsbot-urgency-');
  feeds = await startFeedServer();
  feeds.route('/wire', { body: FEED });
  fakes = await startChatFakes({
    discordToken: DISCORD_TOKEN, guild: GUILD, discordChannel: DESK, slackBot: SLACK_BOT, slackApp: SLACK_APP, slackChannel: SLACK_DESK,
  });
  ({ discord, slack } = fakes);
  const config = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms }
feeds:
  - { id: wire, url: "${feeds.url('/wire')}", name: Urgent wire }
channels:
  - { id: console-desk, platform: console }
  - { id: discord-desk, platform: discord, channel: "${DESK}", ping: { role: "${ROLE}" } }
  - { id: slack-desk, platform: slack, channel: ${SLACK_DESK}, ping: { role: ${GROUP}, minUrgency: flash } }
subscriptions:
  - { id: t-console, channel: console-desk, query: Taliban }
  - { id: t-discord, channel: discord-desk, query: Taliban }
  - { id: t-slack, channel: slack-desk, query: Taliban }
`);
  run = await runCli(['run', '--once', '--config', config], {
    timeoutMs: 60_000,
    env: {
      ...fakes!.env,
    },
  });
}, 120_000);

afterAll(async () => {
  await feeds?.stop();
  await fakes?.close();
});

describe('wire urgency end to end (built CLI, fake Discord and Slack)', () => {
  it('the console line carries each story\'s urgency', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const urgency = Object.fromEntries(parseAlertLines(run.stdout).map((a) => [a.id, a.urgency]));
    expect(urgency).toEqual({ 'u-flash': 'flash', 'u-element': 'flash', 'u-bulletin': 'bulletin', 'u-routine': 'routine', 'u-spoof': 'routine' });
  });

  it('on Discord only the FLASH stories mention the configured role, and only it is allowed', () => {
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DESK}/messages`).map((r) => r.body as any);
    expect(posts).toHaveLength(5);
    const pinged = posts.filter((p) => p.content !== undefined);
    expect(pinged.map((p) => p.embeds[0].author?.name)).toEqual(['FLASH', 'FLASH']);
    for (const p of pinged) {
      expect(p.content).toBe(`<@&${ROLE}>`);
      expect(p.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    }
    for (const p of posts.filter((x) => x.content === undefined)) expect(p.allowed_mentions).toEqual({ parse: [] });
    const spoof = posts.find((p) => String(p.embeds[0].title).startsWith('Taliban statement'))!;
    expect(JSON.stringify(spoof)).not.toMatch(/(?<!\\)<@&|(?<!\\)@everyone/);
  });

  it('on Slack only the FLASH stories mention the configured user group; spelled-out mentions stay inert', () => {
    const bodies = slack.requests('chat.postMessage').map((r) => JSON.stringify(decodeApiBody(r.rawBody ?? '', r.contentType ?? null)));
    expect(bodies).toHaveLength(5);
    const live = (s: string) => [...s.matchAll(/<[!@#](?!date\^)[^>]*>/g)].map((m) => m[0]);
    expect(bodies.filter((b) => live(b).length > 0)).toHaveLength(2);
    for (const b of bodies) expect(new Set(live(b)).size <= 1 && live(b).every((m) => m === `<!subteam^${GROUP}>`)).toBe(true);
  });
});
