/**
 * Issue 15 acceptance for snooze, through the built CLI with the fake Slack (Socket Mode, the real Bolt client):
 * `/alerts snooze` holds a subscription's matches, a kill -9 in the middle of the snooze loses none of them, and
 * `/alerts unsnooze` delivers them as one summary; a later match alerts as usual.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.js';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { startWire, type WireFeed } from '../helpers/ops-fixture.js';
import { buildOnce, makeTempDir, writeConfig } from '../helpers/run-cli.js';

const SLACK_BOT = 'xoxb-snooze-e2e-bot';
const SLACK_APP = 'xapp-snooze-e2e-app';
const SLACK_DESK = 'C0SNOOZE01';
const ENV = { SLACK_BOT_TOKEN: SLACK_BOT, SLACK_APP_TOKEN: SLACK_APP };

let wire: WireFeed;
let slack: FakeSlack;
let bots: BotProcess[] = [];

beforeAll(async () => {
  buildOnce();
  wire = await startWire();
  slack = await startFakeSlack({ botToken: SLACK_BOT, appToken: SLACK_APP });
  slack.addChannel(SLACK_DESK, { name: 'desk' });
}, 120_000);

afterEach(() => bots.forEach(killQuietly));

afterAll(async () => {
  await wire?.server.stop();
  await slack?.close();
});

const posted = () => slack.state.messages.filter((m) => m.channel === SLACK_DESK).map((m) => JSON.stringify(m.blocks));
const replies = () => slack.state.responses.map((r) => JSON.stringify(r.body));

async function launch(config: string): Promise<BotProcess> {
  const bot = startBot(['run', '--config', config], { ...ENV, SLACK_API_URL: slack.apiUrl });
  bots.push(bot);
  await bot.waitFor(() => slack.socket.openConnections() >= 1, 'the Socket Mode connection');
  return bot;
}

async function command(text: string, answered: number): Promise<string> {
  await slack.sendSocketCommand({ text, channel_id: SLACK_DESK, user_id: 'U0EDITOR1' });
  for (let i = 0; i < 200 && slack.state.responses.length < answered; i++) await new Promise((r) => setTimeout(r, 25));
  return replies()[answered - 1] ?? '';
}

describe('snooze end to end (built CLI, fake Slack over Socket Mode)', () => {
  it('snoozed matches are held across a kill -9 and arrive as one summary at unsnooze; later ones alert as usual', async () => {
    const dir = makeTempDir('newsbot-snooze-');
    const config = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
schedule: "* * * * * *"
backfill: all
log: { level: debug }
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms, shutdownTimeout: 2s }
scaleOut: { claimTtl: 1s }
feeds:
  - { id: wire, url: "${wire.url}", name: Kabul wire }
channels:
  - { id: slack-desk, platform: slack, channel: ${SLACK_DESK} }
subscriptions:
  - { id: afghanistan, channel: slack-desk, query: Taliban }
`);
    wire.setItems([]);
    const first = await launch(config);
    expect(await command('snooze afghanistan 1h', 1)).toContain('Snoozed `afghanistan` until');

    wire.setItems([['held-3', 'Taliban hold talks'], ['held-2', 'Taliban seize post'], ['held-1', 'Taliban enter district']]);
    await first.waitForLog((l) => l.msg === 'feed polled' && l.new === 3, 'the poll that finds the three stories');
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual([]);
    first.signal('SIGKILL');
    await first.exited;

    const second = await launch(config);
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toEqual([]);
    expect(await command('list', 2)).toContain('snoozed until');
    expect(await command('unsnooze afghanistan', 3)).toContain('Unsnoozed');
    await second.waitFor(() => posted().length >= 1, 'the summary');
    await new Promise((r) => setTimeout(r, 1500));
    expect(posted()).toHaveLength(1);
    const summary = posted()[0]!;
    expect(summary).toContain('3 stories matched while afghanistan was snoozed');
    for (const id of ['held-1', 'held-2', 'held-3']) expect(summary).toContain(`https://wire.example/${id}`);

    wire.setItems([['live-1', 'Taliban reopen road'], ['held-3', 'Taliban hold talks'], ['held-2', 'Taliban seize post'], ['held-1', 'Taliban enter district']]);
    await second.waitFor(() => posted().length === 2, 'the alert after the snooze');
    expect(posted()[1]).toContain('Taliban reopen road');
    expect(posted()[1]).not.toContain('snoozed');
    second.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 90_000);
});
