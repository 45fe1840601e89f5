/**
 * Issue 17 acceptance for channel templates, through the built CLI: one template on a Discord and a Slack
 * channel lays out a normal story and an oversized, hostile one on the fake Discord and fake Slack (which refuse
 * what the platforms refuse) within their limits; an unknown placeholder fails check-config with its line.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import type { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { startChatFakes, type ChatFakes } from '../helpers/chat-fakes.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { buildOnce, makeTempDir, runCli, writeConfig, type CliResult } from '../helpers/run-cli.js';

const DISCORD_TOKEN = 'template-e2e-discord.token';
const SLACK_BOT = 'xoxb-template-e2e-bot';
const SLACK_APP = 'xapp-template-e2e-app';
const GUILD = '111111111111111111';
const DESK = '222222222222222222';
const SLACK_DESK = 'C0TPLDESK01';
const PUBLISHED = 'Tue, 06 Jul 2021 18:40:00 GMT';
const EPOCH = Date.parse(PUBLISHED) / 1000;
const HOSTILE = '@everyone **bold** __under__ ~~gone~~ <!channel> <@&999999999999999999>';
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const item = (guid: string, title: string, description: string) =>
  `<item><guid isPermaLink="false">${guid}</guid><title>${xmlEscape(title)}</title><link>https://wire.example/${guid}</link>` +
  `<pubDate>${PUBLISHED}</pubDate><description>${xmlEscape(description)}</description></item>`;
const LONG_TITLE = `Taliban ${HOSTILE} `.repeat(40);
const LONG_TEXT = `Fighters said the Taliban held Bagram ${HOSTILE}. `.repeat(400);
const FEED = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kabul wire</title>
${item('t-normal', 'Taliban enter district near Bagram', 'Officials said Taliban fighters reached the district on Tuesday.')}
${item('t-huge', LONG_TITLE, LONG_TEXT)}
</channel></rss>`;

const TEMPLATE = `
    template:
      headline: "{feed}: {title}"
      body: "{summary}\\n\\n{title}\\n\\n{title}"
      fields:
        - { name: Matched, value: "{matched}" }
        - { name: Published, value: "{published:relative}" }
        - { name: Story, value: "{link}" }
        - { name: Headline, value: "{title}" }
      footer: "{feed} · {published}"`;

let feeds: FeedServer;
let discord: FakeDiscordServer;
let slack: FakeSlack;
let fakes: ChatFakes | undefined;
let run: CliResult;

beforeAll(async () => {
  buildOnce();
  const dir = makeTempDir('newsbot-templates-');
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
  - { id: wire, url: "${feeds.url('/wire')}", name: Kabul wire }
channels:
  - id: discord-desk
    platform: discord
    channel: "${DESK}"${TEMPLATE}
  - id: slack-desk
    platform: slack
    channel: ${SLACK_DESK}${TEMPLATE}
subscriptions:
  - { id: t-discord, channel: discord-desk, query: 'Taliban OR Bagram' }
  - { id: t-slack, channel: slack-desk, query: 'Taliban OR Bagram' }
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

/** Discord text with markdown escapes taken out, as Discord shows it. */
const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
/** Mentions that would ping on each platform: unescaped `@everyone`/`@here`, role or channel-wide tokens. */
const LIVE_DISCORD = /(?<![\\\u200b])@(everyone|here)|<@&\d+>/;
const LIVE_SLACK = /<!(channel|here|everyone)>|<!subteam\^|<@[UW]/;

describe('channel templates on fake Discord and fake Slack (built CLI)', () => {
  it('both stories are delivered on both platforms', () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(discord.messages(DESK)).toHaveLength(2);
    expect(slack.state.messages.filter((m) => m.channel === SLACK_DESK)).toHaveLength(2);
  });

  it('Discord: the template\'s headline, fields and footer, linked, with live time; the huge story fits every embed limit and pings nobody', () => {
    const [normal, huge] = discord.messages(DESK).map((m) => m.embeds[0] as any);
    expect(unescape(normal.title)).toBe('Kabul wire: Taliban enter district near Bagram');
    expect(normal.url).toBe('https://wire.example/t-normal');
    expect(normal.description).toContain('**Taliban**');
    expect(normal.fields.map((f: any) => f.name)).toEqual(['Matched', 'Published', 'Story', 'Headline']);
    expect(normal.fields[0].value).toMatch(/Taliban/);
    expect(normal.fields[1].value).toBe(`<t:${EPOCH}:R>`);
    expect(normal.fields[2].value).toContain('https://wire.example/t-normal');
    expect(normal.footer.text).toBe('Kabul wire · 2021-07-06T18:40:00Z');

    expect(huge.title.length).toBeLessThanOrEqual(256);
    expect(unescape(huge.title).startsWith('Kabul wire: Taliban')).toBe(true);
    expect(huge.description.length).toBeLessThanOrEqual(4096);
    // The body's two copies of the long headline really had to be cut.
    expect(huge.description.length).toBeGreaterThan(2000);
    expect(huge.description.endsWith('…')).toBe(true);
    for (const f of huge.fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    const total = huge.title.length + huge.description.length + huge.footer.text.length +
      huge.fields.reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    // Feed text's markdown stays literal: escaped, never bold/underline/strike marks of its own.
    expect(huge.description).toContain('\\*\\*bold\\*\\*');
    expect(huge.description).not.toMatch(/(?<!\\)~~/);
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DESK}/messages`);
    for (const p of posts) {
      expect((p.body as any).allowed_mentions).toEqual({ parse: [] });
      expect(JSON.stringify((p.body as any).embeds)).not.toMatch(LIVE_DISCORD);
    }
  });

  it('Slack: the same template as blocks (bold linked headline, fields, context footer) within Block Kit limits, pinging nobody', () => {
    const [normal, huge] = slack.state.messages.filter((m) => m.channel === SLACK_DESK);
    const text = (m: typeof normal) => JSON.stringify(m!.blocks);
    expect(text(normal)).toContain('Kabul wire: Taliban enter district near Bagram');
    expect(text(normal)).toContain('https://wire.example/t-normal');
    expect(text(normal)).toContain('*Matched*');
    expect(text(normal)).toContain(`<!date^${EPOCH}^{ago}|`);
    const context = (normal!.blocks as any[]).find((b) => b.type === 'context');
    expect(context.elements[0].text).toContain('Kabul wire · 2021-07-06T18:40:00Z');
    expect(normal!.text).toContain('Taliban enter district near Bagram');

    const blocks = huge!.blocks as any[];
    for (const b of blocks) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    expect(blocks[1].text.text.length).toBeGreaterThan(2000);
    expect(blocks[1].text.text.endsWith('…')).toBe(true);
    // Feed text's mrkdwn marks are lookalikes: only our own bold marks remain.
    expect(blocks[1].text.text.replace(/\*(Taliban|Bagram)\*/g, '')).not.toMatch(/[*_~`]/);
    for (const m of [normal, huge]) {
      expect(JSON.stringify(m!.blocks)).not.toMatch(LIVE_SLACK);
      expect(String(m!.text)).not.toMatch(LIVE_SLACK);
    }
  });
});

describe('check-config and templates', () => {
  it('an unknown placeholder fails check-config naming the file, line, key and placeholder', async () => {
    const dir = makeTempDir('newsbot-template-bad-');
    const path = writeConfig(dir, `feeds:
  - { id: wire, url: "https://wire.example/feed.xml" }
channels:
  - id: desk
    platform: discord
    channel: "${DESK}"
    template:
      headline: "{urgency} {titel}"
subscriptions:
  - { id: t, channel: desk, query: Taliban }
`);
    const result = await runCli(['check-config', '--config', path]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      new RegExp(`newsbot\\.yaml:8 channels\\[0\\]\\.template\\.headline: unknown placeholder \\{titel\\} at column 11`));
  });
});
