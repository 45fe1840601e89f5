import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commandChannelId } from '../../../../src/core/ports.js';
import { ALERTS_COMMAND } from '../../../../src/platforms/discord/alerts-command.js';
import { DESK, EDITOR_ROLE, GUILD, MANAGE_CHANNELS, SEND_MESSAGES, SPORTS, startDiscordFixture, type DiscordFixture } from './discord-fixture.js';

const EPHEMERAL = 64;
const manager = { id: '500000000000000001', name: 'editor', permissions: MANAGE_CHANNELS };
const reader = { id: '500000000000000002', name: 'reader', permissions: SEND_MESSAGES };

let fx: DiscordFixture;
afterEach(async () => {
  await fx?.close();
});

describe('through the real discord.js client against the fake Discord', () => {
  beforeEach(async () => {
    fx = await startDiscordFixture();
  });

  test('start identifies on the gateway and registers /alerts for the guild, visible to everyone', async () => {
    const identify = fx.fake.gatewayPayloads.find((p) => p.op === 2);
    expect(identify?.d).toMatchObject({ token: 'fake-bot-token.canary', intents: 1 });
    const registered = fx.fake.commands(GUILD) as any[];
    expect(registered).toHaveLength(1);
    expect(registered[0].name).toBe('alerts');
    expect(registered[0].default_member_permissions ?? null).toBeNull();
    expect(registered[0].options.map((o: any) => o.name)).toEqual(['subscribe', 'unsubscribe', 'snooze', 'unsnooze', 'list', 'preview', 'help', 'me']);
    expect(fx.fake.commands('global')).toEqual([]);
    const put = fx.fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fx.fake.options.appId}/guilds/${GUILD}/commands`);
    expect(put?.body).toEqual([JSON.parse(JSON.stringify(ALERTS_COMMAND))]);
  });

  test('subscribe → ephemeral reply, stored subscription for the guild channel; unsubscribe removes it', async () => {
    await fx.commands.addArticles('afp-world', [{ id: 'a1', title: 'Taliban enter Kabul', link: 'https://example.org/a1' }]);
    const out = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: manager, subcommand: 'subscribe', options: { query: 'Taliban OR Bagram' } });
    expect(out.callbackType).toBe(4);
    expect(out.data.flags).toBe(EPHEMERAL);
    expect(out.data.allowed_mentions).toEqual({ parse: [] });
    expect(out.data.content).toContain('**Subscribed: `Taliban OR Bagram`**');
    expect(out.data.content).toContain('would have caught 1 stored story');
    expect((out.data.embeds as any[])[0]).toMatchObject({ title: 'Taliban enter Kabul', url: 'https://example.org/a1' });
    const subs = await fx.commands.stores.subscriptions.list();
    expect(subs).toHaveLength(1);
    expect(subs[0]!.channel).toBe(commandChannelId('discord', DESK, GUILD));

    const gone = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: manager, subcommand: 'unsubscribe', options: { id: subs[0]!.id } });
    expect(gone.data.content).toContain(`Unsubscribed \`${subs[0]!.id}\``);
    expect(await fx.commands.stores.subscriptions.list()).toEqual([]);
  });

  test('list, preview and help are open to members without Manage Channels', async () => {
    await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: manager, subcommand: 'subscribe', options: { query: 'Kabul' } });
    await fx.commands.addArticles('reuters', [{ id: 'r1', title: 'Kabul airport @everyone <@&123> reopens' }]);
    const list = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: reader, subcommand: 'list' });
    expect(list.data.content).toMatch(/\[command\] `s[a-z2-9]{6}` `Kabul`/);
    const preview = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: reader, subcommand: 'preview', options: { query: 'Kabul' } });
    expect(preview.data.content).toContain('**Preview: `Kabul`**');
    expect((preview.data.embeds as any[])[0].title).toBe('Kabul airport \\@everyone \\<\\@&123\\> reopens');
    const help = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: reader, subcommand: 'help' });
    expect(help.data.content).toContain('Alerts: query syntax');
    expect(help.data.flags).toBe(EPHEMERAL);
  });

  test('subscribe without Manage Channels is refused and stores nothing', async () => {
    const out = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { ...reader, roles: [EDITOR_ROLE] }, subcommand: 'subscribe', options: { query: 'Kabul' } });
    expect(out.data.content).toContain('You may not add subscriptions in this channel');
    expect(await fx.commands.stores.subscriptions.list()).toEqual([]);
  });

  test('an invalid query gets an ephemeral error naming the column', async () => {
    const out = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: manager, subcommand: 'subscribe', options: { query: 'Kabul OR' } });
    expect(out.data.flags).toBe(EPHEMERAL);
    expect(out.data.content).toMatch(/Invalid query at column \d+/);
  });

  test('autocomplete answers feeds and this channel\'s subscription ids', async () => {
    const feeds = await fx.fake.interact({ kind: 'autocomplete', guildId: GUILD, channelId: DESK, member: reader, subcommand: 'subscribe', options: { query: 'Kabul', feed: 'afp' }, focused: 'feed' });
    expect(feeds).toEqual({ callbackType: 8, data: { choices: [{ name: 'AFP World (afp-world)', value: 'afp-world' }] } });
    await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: SPORTS, member: manager, subcommand: 'subscribe', options: { query: 'cricket' } });
    const ids = await fx.fake.interact({ kind: 'autocomplete', guildId: GUILD, channelId: DESK, member: manager, subcommand: 'unsubscribe', options: { id: '' }, focused: 'id' });
    expect(ids.data.choices).toEqual([]);
    const sports = await fx.fake.interact({ kind: 'autocomplete', guildId: GUILD, channelId: SPORTS, member: manager, subcommand: 'unsubscribe', options: { id: '' }, focused: 'id' });
    expect((sports.data.choices as any[])[0].name).toMatch(/ — cricket$/);
  });
});

test('a configured role may subscribe without Manage Channels; other roles may not', async () => {
  fx = await startDiscordFixture({ permissions: { manage: [EDITOR_ROLE] } });
  const denied = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: reader, subcommand: 'subscribe', options: { query: 'Kabul' } });
  expect(denied.data.content).toContain('You may not add subscriptions');
  const allowed = await fx.fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { ...reader, roles: [EDITOR_ROLE] }, subcommand: 'subscribe', options: { query: 'Kabul' } });
  expect(allowed.data.content).toContain('Subscribed: `Kabul`');
  expect(await fx.commands.stores.subscriptions.list()).toHaveLength(1);
});

test('without a guild id the command is registered globally', async () => {
  fx = await startDiscordFixture({ guildId: undefined });
  expect((fx.fake.commands('global') as any[]).map((c) => c.name)).toEqual(['alerts']);
  expect(fx.fake.commands(GUILD)).toEqual([]);
});

test('a wrong token fails start with a clear error', async () => {
  fx = await startDiscordFixture({ token: 'wrong' }, false);
  await expect(fx.platform.start(fx.commands.service)).rejects.toThrow(/discord: login failed/);
});
