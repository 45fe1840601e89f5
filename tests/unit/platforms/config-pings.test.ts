// Pings come only from channels[].ping and only for urgent enough stories; feed text never pings, on Discord
// (allowed_mentions names only the configured role) or on Slack (only the configured <!subteam^…> is live).
import { afterEach, describe, expect, it } from 'vitest';
import { choosePing } from '../../../src/core/attention/ping.js';
import type { ChannelTarget } from '../../../src/core/model.js';
import { decodeApiBody } from '../../fakes/slack/fake-slack-web-api.js';
import { DESK, GUILD, makeAlert, startDiscordFixture, type DiscordFixture } from './discord/discord-fixture.js';
import { buildAlert, HOSTILE } from './slack/alert-fixtures.js';
import { DESK_CHANNEL, startKit, type Kit } from './slack/slack-test-kit.js';

const ROLE = '555555555555555555';
const GROUP = 'S0DESKLEADS';
const hostile = `${HOSTILE} <@&666666666666666666> <!subteam^S0EVIL0001> <@U1>`;

let discord: DiscordFixture | undefined;
let slack: Kit | undefined;
afterEach(async () => {
  await discord?.close();
  await slack?.close();
  discord = slack = undefined;
});

describe('choosePing', () => {
  it('pings at or above the rule level, never for notices or without a rule', () => {
    const rule = { role: ROLE, minUrgency: 'bulletin' as const };
    expect(choosePing(rule, { urgency: 'flash' })).toBe(ROLE);
    expect(choosePing(rule, { urgency: 'bulletin' })).toBe(ROLE);
    expect(choosePing(rule, { urgency: 'urgent' })).toBeNull();
    expect(choosePing(rule, {})).toBeNull();
    expect(choosePing(rule, { urgency: 'flash', kind: 'notice' })).toBeNull();
    expect(choosePing(undefined, { urgency: 'flash' })).toBeNull();
  });
});

describe('Discord', () => {
  const target: ChannelTarget = {
    id: 'desk', platform: 'discord', channel: DESK, guild: GUILD, source: 'config', ping: { role: ROLE, minUrgency: 'flash' },
  };

  it('a FLASH mentions the configured role and allows only it; a routine story with hostile text mentions nobody', async () => {
    discord = await startDiscordFixture();
    await discord.platform.deliver({ alert: makeAlert({ id: 'f', urgency: 'flash', title: hostile }), target, nonce: 'n-f', attempt: 1 });
    await discord.platform.deliver({ alert: makeAlert({ id: 'r', urgency: 'urgent', title: hostile }), target, nonce: 'n-r', attempt: 1 });
    const bodies = discord.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DESK}/messages`).map((r) => r.body as any);
    expect(bodies).toHaveLength(2);
    expect(bodies[0].content).toBe(`<@&${ROLE}>`);
    expect(bodies[0].allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    expect(bodies[0].embeds[0].author).toEqual({ name: 'FLASH' });
    // The hostile role mention in the headline is escaped, and not allowed anyway.
    expect(bodies[0].embeds[0].title).not.toContain('<@&666666666666666666>');
    expect(bodies[1].content).toBeUndefined();
    expect(bodies[1].allowed_mentions).toEqual({ parse: [] });
  });

  it('a matched subscription\'s role joins the channel\'s; a Slack group id in Alert.pings is no Discord mention', async () => {
    discord = await startDiscordFixture();
    const SUB_ROLE = '999999999999999999';
    await discord.platform.deliver({ alert: makeAlert({ id: 'f', urgency: 'flash', pings: [SUB_ROLE, 'S0GROUP01'] }), target, nonce: 'n-s', attempt: 1 });
    const [body] = discord.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${DESK}/messages`).map((r) => r.body as any);
    expect(body.content).toBe(`<@&${ROLE}> <@&${SUB_ROLE}>`);
    expect(body.allowed_mentions).toEqual({ parse: [], roles: [ROLE, SUB_ROLE] });
  });
});

describe('Slack', () => {
  const target: ChannelTarget = { id: 'desk', platform: 'slack', channel: DESK_CHANNEL, source: 'config', ping: { role: GROUP, minUrgency: 'urgent' } };

  it('an urgent story mentions only the configured user group; the feed\'s own <!subteam^…> stays inert', async () => {
    slack = await startKit('http');
    await slack.platform.deliver({ alert: buildAlert({ id: 'u', urgency: 'urgent', title: hostile, summary: [{ kind: 'text', text: hostile }] }), target, nonce: 'n-u', attempt: 1 });
    await slack.platform.deliver({ alert: buildAlert({ id: 'r', title: hostile }), target, nonce: 'n-r', attempt: 1 });
    const [urgent, routine] = slack.fake.requests('chat.postMessage').map((r) => JSON.stringify(decodeApiBody(r.rawBody ?? '', r.contentType ?? null)));
    const live = (s: string) => [...s.matchAll(/<!subteam\^[A-Z0-9]+>|<[!@#](?!date\^)[^>]*>/g)].map((m) => m[0]);
    expect(new Set(live(urgent!))).toEqual(new Set([`<!subteam^${GROUP}>`]));
    expect(urgent).toContain(`<!subteam^${GROUP}> URGENT · `);
    expect(live(routine!)).toEqual([]);
  });
});
