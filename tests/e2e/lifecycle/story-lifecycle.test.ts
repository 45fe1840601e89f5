/**
 * Issue 14 end to end: the built CLI, a real SQLite file, the real discord.js and Bolt clients against the fake
 * Discord and fake Slack, and a console channel, over four polls of two wires (`run --once` each, as cron would
 * run them, so every step also survives a restart). One Reuters story is alerted, re-sent as UPDATE 1, joined by
 * AFP's story of the same event, then killed; a Reuters and an AFP Taliban story of the same day stay alerts of
 * their own.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoryInput } from '../../../src/core/lifecycle/prepare-story.js';
import { BAGRAM_AFP, BAGRAM_RTR, PEACE_PLAN_RTR, story } from '../../fixtures/lifecycle/stories.js';
import { startChatFakes, type ChatFakes } from '../helpers/chat-fakes.js';
import { buildOnce, makeTempDir, parseAlertLines, runCli, writeConfig } from '../helpers/run-cli.js';
import { startStoryWire, type StoryWire } from '../helpers/story-wire.js';

const IDS = {
  discordToken: 'lifecycle-e2e.discord-token', guild: '111111111111111111', discordChannel: '222222222222222222',
  slackBot: 'xoxb-lifecycle-e2e', slackApp: 'xapp-lifecycle-e2e', slackChannel: 'C0LIFEDESK',
};
const DESK = IDS.discordChannel;

// Own words: a second Taliban story from AFP on the day of the Bagram handover, a different event.
const BADAKHSHAN_AFP = story('afp', 'afp-badakhshan-1', '2021-07-02T09:20:00Z',
  'Taliban overrun three districts in Badakhshan as government troops pull back',
  'Faizabad (Afghanistan) (AFP) - Taliban fighters took control of three districts in the northeastern province of ' +
  'Badakhshan overnight, a provincial council member said Friday, after government troops abandoned their posts ' +
  'with little resistance. Residents described insurgents patrolling the bazaars by morning.');
const BAGRAM_RTR_UPDATE: StoryInput = {
  ...BAGRAM_RTR, title: `UPDATE 1-${BAGRAM_RTR.title}`, published: '2021-07-02T07:30:00Z',
  body: `(Adds Pentagon comment in paragraph 4) ${BAGRAM_RTR.body} A Pentagon spokesman said the handover had been coordinated with Afghan leaders.`,
};
const BAGRAM_RTR_KILL: StoryInput = {
  ...BAGRAM_RTR, title: `KILL-${BAGRAM_RTR.title}`, published: '2021-07-02T09:45:00Z',
  body: 'KILL KILL KILL. Reuters is withdrawing this story, which was sent in error. No replacement will be issued.',
};

let chat: ChatFakes;
let wire: StoryWire;
let configPath: string;
const console: Array<Array<Record<string, unknown>>> = [];

async function poll(): Promise<void> {
  const run = await runCli(['run', '--once', '--config', configPath], { env: chat.env, timeoutMs: 60_000 });
  if (run.code !== 0) throw new Error(`run --once exited ${run.code}\n${run.stderr.slice(-4000)}`);
  console.push(parseAlertLines(run.stdout));
}

beforeAll(async () => {
  buildOnce();
  chat = await startChatFakes(IDS);
  wire = await startStoryWire(['rtr', 'afp']);
  const dir = makeTempDir('newsbot-lifecycle-');
  configPath = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms }
feeds:
  - { id: rtr, url: "${wire.url('rtr')}", name: Reuters }
  - { id: afp, url: "${wire.url('afp')}", name: AFP }
channels:
  - { id: console-desk, platform: console }
  - { id: discord-desk, platform: discord, channel: "${DESK}" }
  - { id: slack-desk, platform: slack, channel: ${IDS.slackChannel} }
subscriptions:
  - { id: c, channel: console-desk, query: Taliban OR Bagram }
  - { id: d, channel: discord-desk, query: Taliban OR Bagram }
  - { id: s, channel: slack-desk, query: Taliban OR Bagram }
`);
  wire.setStories('rtr', [PEACE_PLAN_RTR, BAGRAM_RTR]);
  await poll();
  wire.setStories('rtr', [PEACE_PLAN_RTR, BAGRAM_RTR_UPDATE]);
  await poll();
  wire.setStories('afp', [BADAKHSHAN_AFP, BAGRAM_AFP]);
  await poll();
  wire.setStories('rtr', [PEACE_PLAN_RTR, BAGRAM_RTR_KILL]);
  await poll();
}, 240_000);

afterAll(async () => {
  await chat?.close();
  await wire?.stop();
});

const title = (m: { embeds: unknown[] }): string => (m.embeds[0] as { title: string }).title;
const description = (m: { embeds: unknown[] }): string => (m.embeds[0] as { description?: string }).description ?? '';

describe('story lifecycle through the built CLI (fake Discord, fake Slack, console)', () => {
  it('console: the first alerts, then an update line, an "also" line and a kill line that name the first alert', () => {
    const kinds = console.map((lines) => lines.map((l) => `${String(l.kind)}:${String(l.id)}`).sort());
    expect(kinds).toEqual([
      ['alert:rtr-bagram-1', 'alert:rtr-peace-plan'],
      ['update:rtr-bagram-1'],
      ['alert:afp-badakhshan-1', 'also:afp-bagram-1'],
      ['kill:rtr-bagram-1'],
    ]);
    const [update] = console[1]!;
    expect(update).toMatchObject({
      title: BAGRAM_RTR.title, feed: 'rtr',
      followUp: { firstAlertId: 'rtr-bagram-1', whatChanged: 'Adds Pentagon comment in paragraph 4', correction: false },
    });
    const also = console[2]!.find((l) => l.kind === 'also')!;
    expect(also).toMatchObject({ feed: 'afp', feedName: 'AFP', title: BAGRAM_AFP.title, followUp: { firstAlertId: 'rtr-bagram-1' } });
    expect(console[3]![0]).toMatchObject({ followUp: { firstAlertId: 'rtr-bagram-1' } });
  });

  it('Discord: UPDATE 1 and "also reported by" in a thread on the first alert, the kill edits it, nothing else is posted', () => {
    const inChannel = chat.discord.messages(DESK);
    expect(inChannel.map(title).sort()).toEqual([
      BADAKHSHAN_AFP.title, PEACE_PLAN_RTR.title, `~~${BAGRAM_RTR.title}~~`,
    ].sort());
    const first = inChannel.find((m) => title(m).startsWith('~~'))!;
    expect(description(first)).toBe('**WITHDRAWN by Reuters**');
    expect(first.edits).toHaveLength(1);
    const thread = chat.discord.thread(first.id);
    expect(thread?.parent_id).toBe(DESK);
    const replies = chat.discord.messages(thread!.id);
    expect(replies.map(title)).toEqual([`UPDATE: ${BAGRAM_RTR.title}`, `Also reported by AFP: ${BAGRAM_AFP.title}`]);
    expect(description(replies[0]!)).toBe('Adds Pentagon comment in paragraph 4');
    // The kill posted nothing: one POST per message Discord holds, in the channel and the thread.
    const posts = chat.discord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status < 300);
    expect(posts).toHaveLength(inChannel.length + replies.length);
  });

  it('Slack: thread_ts replies under the first alert, and chat.update strikes it', () => {
    const messages = chat.slack.state.messages.filter((m) => m.channel === IDS.slackChannel);
    const top = messages.filter((m) => !m.thread_ts);
    expect(top).toHaveLength(3);
    const first = top.find((m) => m.edits?.length)!;
    expect(first.edits).toHaveLength(1);
    expect(first.text).toContain('WITHDRAWN by Reuters');
    expect(first.text).toMatch(/^~/);
    const replies = messages.filter((m) => m.thread_ts === first.ts);
    expect(replies.map((m) => m.text)).toEqual([
      `UPDATE: ${BAGRAM_RTR.title} (Reuters)`, `Also reported by AFP: ${BAGRAM_AFP.title}`,
    ]);
    expect(chat.slack.requests('chat.postMessage').filter((r) => r.status === 200 && !r.error)).toHaveLength(top.length + replies.length);
  });
});
