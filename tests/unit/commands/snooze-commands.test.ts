/** `/alerts snooze` and `/alerts unsnooze` through the real command service on the memory store. */
import { beforeEach, describe, expect, test } from 'vitest';
import { parseCommandText } from '../../../src/platforms/slack/parse-command-text.js';
import type { CommandRequest } from '../../../src/core/ports.js';
import { createCommandFixture, HOUR, type CommandFixture } from './command-fixture.js';

const GUILD = '111111111111111111';
const CHAN = '222222222222222222';
let fx: CommandFixture;

function request(command: CommandRequest['command'], args: CommandRequest['args'] = {}, mayManage = true): CommandRequest {
  return { command, args, platform: 'discord', place: { channel: CHAN, guild: GUILD }, user: { id: '42', name: 'ed', mayManage } };
}

beforeEach(async () => {
  fx = await createCommandFixture();
  fx.config.channels.push({ id: 'foreign-desk', platform: 'discord', channel: CHAN, source: 'config' });
  fx.config.subscriptions.push({ id: 'afghanistan', channel: 'foreign-desk', query: 'Taliban', source: 'config', createdAt: 0 });
});

describe('snooze', () => {
  test('a config subscription is snoozed for the duration; list shows until when; the store has the window', async () => {
    const now = fx.clock.now();
    const reply = await fx.service.handle(request('snooze', { id: 'afghanistan', duration: '2h' }));
    expect(reply).toMatchObject({ ok: true, title: 'Snoozed `afghanistan` until 2026-11-25 14:00 UTC' });
    expect(await fx.stores.snoozes.forChannel('foreign-desk')).toEqual({ afghanistan: { from: now, until: now + 2 * HOUR } });
    expect((await fx.service.handle(request('list'))).lines[0]).toBe('[config file] `afghanistan` `Taliban` · snoozed until 2026-11-25 14:00 UTC');
    fx.clock.advance(2 * HOUR);
    expect((await fx.service.handle(request('list'))).lines[0]).toBe('[config file] `afghanistan` `Taliban` · instant');
  });

  test('snoozing again while snoozed keeps the start (one summary) and moves the end', async () => {
    const start = fx.clock.now();
    await fx.service.handle(request('snooze', { id: 'afghanistan', duration: '1h' }));
    fx.clock.advance(30 * 60_000);
    await fx.service.handle(request('snooze', { id: 'afghanistan', duration: '1h' }));
    expect((await fx.stores.snoozes.forChannel('foreign-desk')).afghanistan).toEqual({ from: start, until: start + 90 * 60_000 });
  });

  test('unsnooze ends it now; a second unsnooze says it is not snoozed', async () => {
    await fx.service.handle(request('snooze', { id: 'afghanistan', duration: '1d' }));
    fx.clock.advance(60_000);
    expect(await fx.service.handle(request('unsnooze', { id: 'afghanistan' }))).toMatchObject({ ok: true, title: 'Unsnoozed `afghanistan`' });
    expect((await fx.stores.snoozes.forChannel('foreign-desk')).afghanistan!.until).toBe(fx.clock.now());
    expect(await fx.service.handle(request('unsnooze', { id: 'afghanistan' }))).toMatchObject({ ok: false, title: '`afghanistan` is not snoozed' });
  });

  test('refusals: not a manager, unknown id, another channel\'s id, missing or bad duration; nothing is stored', async () => {
    expect((await fx.service.handle(request('snooze', { id: 'afghanistan', duration: '2h' }, false))).title).toBe('You may not snooze subscriptions in this channel');
    expect((await fx.service.handle(request('snooze', { id: 'nope', duration: '2h' }))).title).toBe('No such subscription in this channel');
    fx.config.subscriptions.push({ id: 'elsewhere', channel: 'other', query: 'Iran', source: 'config', createdAt: 0 });
    expect((await fx.service.handle(request('snooze', { id: 'elsewhere', duration: '2h' }))).title).toBe('No such subscription in this channel');
    expect((await fx.service.handle(request('snooze', { id: 'afghanistan' }))).title).toBe('Missing duration');
    for (const duration of ['soon', '10s', '8d']) {
      expect((await fx.service.handle(request('snooze', { id: 'afghanistan', duration }))).title).toBe('Snooze for how long?');
    }
    expect(await fx.stores.snoozes.forChannel('foreign-desk')).toEqual({});
  });

  test('Slack text: `snooze <id> <duration>` and `unsnooze <id>`, ids copied with backticks', () => {
    expect(parseCommandText('snooze `afghanistan` 90m')).toEqual({ kind: 'request', command: 'snooze', args: { id: 'afghanistan', duration: '90m' } });
    expect(parseCommandText('unsnooze afghanistan')).toEqual({ kind: 'request', command: 'unsnooze', args: { id: 'afghanistan' } });
    expect(parseCommandText('snooze')).toEqual({ kind: 'request', command: 'snooze', args: {} });
  });
});

describe('personal alerts (/alerts me …)', () => {
  const me = (command: CommandRequest['command'], args: CommandRequest['args'] = {}, user = '42'): CommandRequest =>
    ({ ...request(command, args, false), user: { id: user, name: 'ed', mayManage: false }, personal: true });

  test('subscribe needs no channel permission and targets the user\'s direct messages; list and unsubscribe see only their own', async () => {
    const reply = await fx.service.handle(me('subscribe', { query: 'Taliban OR Bagram' }));
    expect(reply.ok).toBe(true);
    expect(reply.lines).toContain('New stories that match will reach you by direct message.');
    const [sub] = await fx.stores.subscriptions.list();
    expect(sub).toMatchObject({ channel: 'discord:dm:42', createdBy: 'discord:42' });
    expect(await fx.stores.channels.list()).toEqual([{ id: 'discord:dm:42', platform: 'discord', channel: '42', dmUser: '42', source: 'command' }]);
    expect((await fx.service.handle(me('list'))).title).toBe('1 subscription by direct message to you');
    expect((await fx.service.handle(me('list', {}, '77'))).title).toBe('No subscriptions in this channel');
    expect((await fx.service.handle(me('unsubscribe', { id: sub!.id }, '77'))).ok).toBe(false);
    expect((await fx.service.handle(me('unsubscribe', { id: sub!.id }))).ok).toBe(true);
    // The channel's own list never shows personal subscriptions.
    expect((await fx.service.handle(request('list'))).lines.join('\n')).not.toContain('Bagram');
  });

  test('personalAlerts: false refuses new ones; other subcommands are not personal', async () => {
    fx.config.personalAlerts = false;
    expect((await fx.service.handle(me('subscribe', { query: 'Taliban' }))).title).toBe('Personal alerts are turned off here');
    expect((await fx.service.handle(me('snooze', { id: 'x', duration: '1h' }))).title).toBe('Personal alerts: subscribe, list or unsubscribe');
    expect(await fx.stores.subscriptions.list()).toEqual([]);
  });

  test('Slack text: `me subscribe …`, `me list`', () => {
    expect(parseCommandText('me subscribe Taliban feed:reuters')).toEqual({ kind: 'request', command: 'subscribe', args: { query: 'Taliban', feed: 'reuters' }, personal: true });
    expect(parseCommandText('me list')).toEqual({ kind: 'request', command: 'list', args: {}, personal: true });
  });
});
