import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { CommandRequest } from '../../../src/core/ports.js';
import { commandChannelId } from '../../../src/core/ports.js';
import { parseQuery } from '../../../src/core/query/parse-query.js';
import { HELP_LINES } from '../../../src/commands/create-command-service.js';
import { createCommandFixture, HOUR, type CommandFixture } from './command-fixture.js';

const GUILD = '111111111111111111';
const CHAN = '222222222222222222';
const OTHER = '333333333333333333';

function request(command: CommandRequest['command'], args: CommandRequest['args'] = {}, over: Partial<CommandRequest> = {}): CommandRequest {
  return { command, args, platform: 'discord', place: { channel: CHAN, guild: GUILD }, user: { id: '42', name: 'ed', mayManage: true }, ...over };
}

let fx: CommandFixture;
beforeEach(async () => {
  fx = await createCommandFixture();
});
afterEach(async () => {
  await fx.stores.close();
});

describe('subscribe', () => {
  test('stores a command subscription for the channel and counts the last 24 h of stored stories', async () => {
    await fx.addArticles('afp-world', [{ id: 'a1', title: 'Taliban enter Kabul' }], 2 * HOUR);
    await fx.addArticles('reuters', [{ id: 'r1', title: 'Flights resume', text: 'Bagram airfield reopened' }], 1 * HOUR);
    await fx.addArticles('reuters', [{ id: 'r2', title: 'Old Taliban story' }], 30 * HOUR);
    await fx.addArticles('reuters', [{ id: 'r3', title: 'Talibanistan is not a word' }], 1 * HOUR);

    const reply = await fx.service.handle(request('subscribe', { query: 'Taliban OR Bagram' }));

    expect(reply.ok).toBe(true);
    expect(reply.title).toBe('Subscribed: `Taliban OR Bagram`');
    expect(reply.lines.join('\n')).toContain('would have caught 2 stored stories');
    expect(reply.articles?.map((a) => a.id)).toEqual(['r1', 'a1']);
    const subs = await fx.stores.subscriptions.list();
    expect(subs).toHaveLength(1);
    const channelId = commandChannelId('discord', CHAN, GUILD);
    expect(subs[0]).toMatchObject({ channel: channelId, query: 'Taliban OR Bagram', source: 'command', createdAt: fx.clock.now(), createdBy: 'discord:42' });
    expect(subs[0]!.id).toMatch(/^s[a-z2-9]{6}$/);
    expect(reply.lines[0]).toContain(subs[0]!.id);
    expect(await fx.stores.channels.list()).toEqual([{ id: channelId, platform: 'discord', channel: CHAN, guild: GUILD, source: 'command' }]);
  });

  test('a channel named in the config is used instead of a command channel', async () => {
    fx.config.channels.push({ id: 'foreign-desk', platform: 'discord', channel: CHAN, source: 'config' });
    await fx.service.handle(request('subscribe', { query: 'Kabul' }));
    expect((await fx.stores.subscriptions.list())[0]!.channel).toBe('foreign-desk');
    expect(await fx.stores.channels.list()).toEqual([]);
  });

  test('an invalid query gets an error naming the column and changes nothing', async () => {
    const reply = await fx.service.handle(request('subscribe', { query: 'Taliban AND )' }));
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('Invalid query at column 13');
    expect(reply.lines[0]).toBe('Problem: `unexpected ")"`');
    expect(await fx.stores.subscriptions.list()).toEqual([]);
    expect(await fx.stores.channels.list()).toEqual([]);
  });

  test('an unterminated quote is reported at its column', async () => {
    const reply = await fx.service.handle(request('subscribe', { query: 'Kabul "Bagram air' }));
    expect(reply.title).toBe('Invalid query at column 7');
  });

  test('feed must exist; a valid feed limits the subscription and the count', async () => {
    const bad = await fx.service.handle(request('subscribe', { query: 'Kabul', feed: 'nope' }));
    expect(bad.ok).toBe(false);
    expect(bad.lines.join(' ')).toContain('`afp-world`');
    expect(await fx.stores.subscriptions.list()).toEqual([]);

    await fx.addArticles('afp-world', [{ id: 'a1', title: 'Kabul news' }]);
    await fx.addArticles('reuters', [{ id: 'r1', title: 'Kabul wire' }]);
    const ok = await fx.service.handle(request('subscribe', { query: 'Kabul', feed: 'reuters' }));
    expect(ok.lines.join('\n')).toContain('would have caught 1 stored story');
    expect((await fx.stores.subscriptions.list())[0]!.feeds).toEqual(['reuters']);
  });

  test('refuses a duplicate query in the same channel (same meaning, other spelling), allows it elsewhere', async () => {
    await fx.service.handle(request('subscribe', { query: 'Taliban OR "Bagram air base"' }));
    const dup = await fx.service.handle(request('subscribe', { query: '  Taliban   OR  “Bagram air base”' }));
    expect(dup.ok).toBe(false);
    expect(dup.title).toContain('already has');
    const elsewhere = await fx.service.handle(request('subscribe', { query: 'Taliban OR "Bagram air base"' }, { place: { channel: OTHER, guild: GUILD } }));
    expect(elsewhere.ok).toBe(true);
    const subs = await fx.stores.subscriptions.list();
    expect(subs).toHaveLength(2);
    expect(subs[0]!.id).not.toBe(subs[1]!.id);
  });

  test('refuses a query the config file already subscribes this channel to', async () => {
    fx.config.channels.push({ id: 'foreign-desk', platform: 'discord', channel: CHAN, source: 'config' });
    fx.config.subscriptions.push({ id: 'afghanistan', channel: 'foreign-desk', query: 'Taliban', source: 'config', createdAt: 0 });
    const reply = await fx.service.handle(request('subscribe', { query: 'Taliban' }));
    expect(reply.ok).toBe(false);
    expect(reply.lines[0]).toContain('(config file)');
  });

  test('unauthorised members are refused and nothing changes', async () => {
    const reply = await fx.service.handle(request('subscribe', { query: 'Kabul' }, { user: { id: '7', mayManage: false } }));
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('You may not add subscriptions in this channel');
    expect(await fx.stores.subscriptions.list()).toEqual([]);
    expect(await fx.stores.channels.list()).toEqual([]);
  });

  test('the id is stable for the same channel and query', async () => {
    const first = await fx.service.handle(request('subscribe', { query: 'Kabul' }));
    const id = (await fx.stores.subscriptions.list())[0]!.id;
    await fx.service.handle(request('unsubscribe', { id }));
    await fx.service.handle(request('subscribe', { query: 'Kabul' }));
    expect((await fx.stores.subscriptions.list())[0]!.id).toBe(id);
    expect(first.lines[0]).toContain(id);
  });
});

describe('unsubscribe', () => {
  test("removes only this channel's command subscriptions", async () => {
    await fx.service.handle(request('subscribe', { query: 'Kabul' }));
    await fx.service.handle(request('subscribe', { query: 'Kabul' }, { place: { channel: OTHER, guild: GUILD } }));
    const [mine, theirs] = await fx.stores.subscriptions.list().then((subs) => [
      subs.find((s) => s.channel.endsWith(CHAN))!,
      subs.find((s) => s.channel.endsWith(OTHER))!,
    ]);

    const wrongChannel = await fx.service.handle(request('unsubscribe', { id: theirs!.id }));
    expect(wrongChannel.ok).toBe(false);
    expect(wrongChannel.title).toBe('No such subscription in this channel');

    const refused = await fx.service.handle(request('unsubscribe', { id: mine!.id }, { user: { id: '7', mayManage: false } }));
    expect(refused.ok).toBe(false);
    expect(await fx.stores.subscriptions.list()).toHaveLength(2);

    const done = await fx.service.handle(request('unsubscribe', { id: mine!.id }));
    expect(done).toMatchObject({ ok: true, title: `Unsubscribed \`${mine!.id}\`` });
    expect((await fx.stores.subscriptions.list()).map((s) => s.id)).toEqual([theirs!.id]);
  });

  test('config subscriptions cannot be removed by command', async () => {
    fx.config.channels.push({ id: 'foreign-desk', platform: 'discord', channel: CHAN, source: 'config' });
    fx.config.subscriptions.push({ id: 'afghanistan', channel: 'foreign-desk', query: 'Taliban', source: 'config', createdAt: 0 });
    const reply = await fx.service.handle(request('unsubscribe', { id: 'afghanistan' }));
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('That subscription comes from the config file');
  });
});

describe('list, preview, help', () => {
  test('list shows file and command subscriptions of this channel, marked', async () => {
    fx.config.channels.push({ id: 'foreign-desk', platform: 'discord', channel: CHAN, source: 'config' });
    fx.config.subscriptions.push({ id: 'afghanistan', channel: 'foreign-desk', query: 'Taliban', source: 'config', createdAt: 0 });
    fx.config.subscriptions.push({ id: 'elsewhere', channel: 'desk-console', query: 'Iran', source: 'config', createdAt: 0 });
    await fx.service.handle(request('subscribe', { query: 'Bagram', feed: 'reuters' }));
    const reply = await fx.service.handle(request('list'));
    expect(reply.title).toBe('2 subscriptions in this channel');
    expect(reply.lines[0]).toBe('[config file] `afghanistan` `Taliban` · instant');
    expect(reply.lines[1]).toMatch(/^\[command\] `s[a-z2-9]{6}` `Bagram` · instant · feeds: `reuters`$/);
    expect(reply.lines.join('\n')).not.toContain('Iran');
    const empty = await fx.service.handle(request('list', {}, { place: { channel: OTHER, guild: GUILD } }));
    expect(empty.title).toBe('No subscriptions in this channel');
  });

  test('preview shows the newest five matches without subscribing', async () => {
    for (let i = 0; i < 7; i++) await fx.addArticles('afp-world', [{ id: `k${i}`, title: `Kabul update ${i}` }], (10 - i) * HOUR);
    await fx.addArticles('reuters', [{ id: 'x', title: 'Paris weather' }]);
    const reply = await fx.service.handle(request('preview', { query: 'kabul -weather' }, { user: { id: '7', mayManage: false } }));
    expect(reply.ok).toBe(true);
    expect(reply.title).toBe('Preview: `kabul -weather`');
    expect(reply.lines[0]).toContain('7 stored stories');
    expect(reply.articles?.map((a) => a.id)).toEqual(['k6', 'k5', 'k4', 'k3', 'k2']);
    expect(await fx.stores.subscriptions.list()).toEqual([]);
    const bad = await fx.service.handle(request('preview', { query: '(Kabul' }));
    expect(bad.ok).toBe(false);
    expect(bad.title).toMatch(/^Invalid query at column \d+$/);
  });

  test('help lists the syntax, and every example in it parses', async () => {
    const reply = await fx.service.handle(request('help', {}, { user: { id: '7', mayManage: false } }));
    expect(reply.ok).toBe(true);
    expect(reply.lines.at(-1)).toContain('/alerts subscribe query:');
    const slack = await fx.service.handle(request('help', {}, { platform: 'slack' }));
    expect(slack.lines.at(-1)).toContain('/alerts subscribe <query>');
    const examples = HELP_LINES.flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)).filter((e) => !e.startsWith('/alerts'));
    expect(examples.length).toBeGreaterThan(8);
    for (const example of examples) expect(() => parseQuery(example), example).not.toThrow();
  });
});

describe('autocomplete', () => {
  test('feeds by id or name, and only this channel\'s command subscriptions', async () => {
    expect(await fx.service.autocomplete({ platform: 'discord', place: { channel: CHAN, guild: GUILD }, option: 'feed', prefix: 'reu' })).toEqual([
      { name: 'Reuters (reuters)', value: 'reuters' },
    ]);
    await fx.service.handle(request('subscribe', { query: 'Kabul' }));
    await fx.service.handle(request('subscribe', { query: 'Iran' }, { place: { channel: OTHER, guild: GUILD } }));
    const choices = await fx.service.autocomplete({ platform: 'discord', place: { channel: CHAN, guild: GUILD }, option: 'id', prefix: '' });
    expect(choices).toHaveLength(1);
    expect(choices[0]!.name).toMatch(/^s[a-z2-9]{6} — Kabul$/);
  });
});
