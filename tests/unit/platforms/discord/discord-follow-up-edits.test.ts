/**
 * Kills and standalone follow-ups on Discord, real discord.js REST against the fake Discord: a kill rebuilds the
 * first alert's embed in place (struck headline, "WITHDRAWN by", grey); a message that is gone is not retried;
 * `standalone` posts the same fixed wording as a message of its own, whatever the channel's template.
 */
import { afterEach, expect, test } from 'vitest';
import type { Alert, ChannelTarget } from '../../../../src/core/model.js';
import type { DeliveryRecord } from '../../../../src/core/ports.js';
import { compileAlertTemplate } from '../../../../src/core/template/parse-template.js';
import { alsoOf, followUp, killOf, recordOf, updateOf } from '../follow-up-fixtures.js';
import { DESK, GUILD, makeAlert, startDiscordFixture, type DiscordFixture } from './discord-fixture.js';

const target: ChannelTarget = { id: 'foreign-desk', platform: 'discord', channel: DESK, guild: GUILD, source: 'config' };
const patches = (fx: DiscordFixture) => fx.fake.requests.filter((r) => r.method === 'PATCH');
type Embed = { title: string; description?: string; url?: string; color: number; footer?: { text: string } };

let fx: DiscordFixture;
afterEach(async () => {
  await fx?.close();
});

async function firstAlert(alert: Alert = makeAlert(), to: ChannelTarget = target): Promise<DeliveryRecord> {
  return recordOf(to, alert, await fx.platform.deliver({ alert, target: to, nonce: `first-${alert.id}`, attempt: 1 }));
}

test('a kill edits the first alert in place: headline struck through, WITHDRAWN by the feed, grey, link kept', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  const kill = killOf(makeAlert());
  const result = await fx.platform.deliver({ alert: kill, target, nonce: 'kill-1', attempt: 1, followUp: followUp('edit', original) });
  expect(result).toEqual({ ok: true, messageId: original.messageId, ref: { channelId: DESK, guildId: GUILD } });
  const [patch] = patches(fx);
  expect(patch!.path).toBe(`/channels/${DESK}/messages/${original.messageId}`);
  expect((patch!.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
  const messages = fx.fake.messages(DESK);
  expect(messages).toHaveLength(1); // edited, nothing new posted
  expect(messages[0]!.edited_timestamp).toBeDefined();
  expect(messages[0]!.embeds[0]).toMatchObject({
    title: '~~Taliban take control of Bagram air base~~',
    description: '**WITHDRAWN by AFP World**',
    color: 0x999999,
    url: 'https://example.org/story/1',
  });
  // Editing is idempotent: the outbox retrying the same kill leaves the same message.
  const again = await fx.platform.deliver({ alert: kill, target, nonce: 'kill-1', attempt: 2, followUp: followUp('edit', original) });
  expect(again.ok).toBe(true);
  expect(fx.fake.messages(DESK)).toHaveLength(1);
  expect(fx.fake.message(DESK, original.messageId!)!.edits).toHaveLength(2);
});

test('markdown in a killed headline stays escaped inside the strike', async () => {
  fx = await startDiscordFixture({}, false);
  const story = makeAlert({ title: 'Deal ~~off~~ **now** @everyone <@&1>' });
  const original = await firstAlert(story);
  await fx.platform.deliver({ alert: killOf(story), target, nonce: 'kill-md', attempt: 1, followUp: followUp('edit', original) });
  const embed = fx.fake.messages(DESK)[0]!.embeds[0] as Embed;
  expect(embed.title).toBe('~~Deal \\~\\~off\\~\\~ \\*\\*now\\*\\* \\@everyone \\<\\@&1\\>~~');
  expect(fx.fake.messages(DESK)[0]!.allowed_mentions).toEqual({ parse: [] });
});

test('the first message is gone (10008): the kill is done with messageId null, a warning, and no retry', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  const missing: DeliveryRecord = { ...original, messageId: '1234567890123456789' };
  const result = await fx.platform.deliver({ alert: killOf(makeAlert()), target, nonce: 'kill-gone', attempt: 1, followUp: followUp('edit', missing) });
  expect(result).toEqual({ ok: true, messageId: null });
  expect(patches(fx).map((r) => r.status)).toEqual([404]);
  expect(fx.log.entries.some((e) => e.level === 'warn' && /nothing to strike/.test(e.msg ?? ''))).toBe(true);
  expect((fx.fake.messages(DESK)[0]!.embeds[0] as Embed).title).toBe('Taliban take control of Bagram air base');
});

test('a kill of an "also reported by" reply edits that reply inside the story thread', async () => {
  fx = await startDiscordFixture({}, false);
  const root = await firstAlert();
  const also = alsoOf(makeAlert());
  const reply = recordOf(target, also, await fx.platform.deliver({ alert: also, target, nonce: 'also', attempt: 1, followUp: followUp('reply', root) }));
  const kill = killOf(also, { followUp: { firstAlertId: also.id, firstTitle: also.title } });
  const result = await fx.platform.deliver({ alert: kill, target, nonce: 'kill-also', attempt: 1, followUp: followUp('edit', reply) });
  expect(result).toMatchObject({ ok: true, messageId: reply.messageId });
  expect(patches(fx)[0]!.path).toBe(`/channels/${root.messageId}/messages/${reply.messageId}`);
  expect(fx.fake.messages(root.messageId!)[0]!.embeds[0]).toMatchObject({
    title: '~~Taliban fighters enter Bagram, the former US base~~', description: '**WITHDRAWN by Reuters World**',
  });
  expect((fx.fake.messages(DESK)[0]!.embeds[0] as Embed).title).toBe('Taliban take control of Bagram air base');
});

test('a long rate limit on the edit comes back to the outbox as retryAfterMs instead of blocking deliver', async () => {
  fx = await startDiscordFixture({ maxRateLimitWaitMs: 200 }, false);
  const original = await firstAlert();
  fx.fake.scriptFailures('PATCH', /\/messages\/\d+$/, [{ status: 429, retryAfter: 30 }]);
  const result = await fx.platform.deliver({ alert: killOf(makeAlert()), target, nonce: 'kill-429', attempt: 1, followUp: followUp('edit', original) });
  expect(result).toMatchObject({ ok: false, retry: true });
  expect(!result.ok && result.retry && result.retryAfterMs).toBeGreaterThanOrEqual(29_000);
});

test('standalone: an update, a kill and an also-reported-by as messages of their own, with fixed wording under a template', async () => {
  fx = await startDiscordFixture({}, false);
  const { template, problems } = compileAlertTemplate({ headline: 'TEMPLATED {title}', footer: '{feed}' });
  expect(problems).toEqual([]);
  const templated: ChannelTarget = { ...target, template };
  const original = await firstAlert(makeAlert(), templated);
  expect((fx.fake.messages(DESK)[0]!.embeds[0] as Embed).title).toBe('TEMPLATED Taliban take control of Bagram air base');
  const story = makeAlert();
  const sends: Array<[Alert, string]> = [[updateOf(story), 'upd'], [killOf(story), 'kill'], [alsoOf(story), 'also']];
  for (const [alert, nonce] of sends) {
    const result = await fx.platform.deliver({ alert, target: templated, nonce, attempt: 1, followUp: followUp('standalone', original) });
    expect(result).toMatchObject({ ok: true, ref: { channelId: DESK, guildId: GUILD } });
  }
  const [, update, kill, also] = fx.fake.messages(DESK).map((m) => m.embeds[0] as Embed);
  expect(update).toMatchObject({ title: 'UPDATE: Taliban seize Bagram air base, ministry says 12 dead', description: 'Adds casualty figures from the ministry' });
  expect(kill).toMatchObject({ title: 'WITHDRAWN by AFP World: Taliban take control of Bagram air base', color: 0x999999, url: 'https://example.org/story/1' });
  expect(also).toMatchObject({ title: 'Also reported by Reuters World: Taliban fighters enter Bagram, the former US base' });
  expect(fx.fake.messages(DESK).every((m) => m.message_reference === undefined)).toBe(true);
  expect(patches(fx)).toHaveLength(0);
  expect(fx.fake.requests.some((r) => /\/threads$/.test(r.path))).toBe(false);
});

test('a kill to edit without a first message (the first was never recorded) is a standalone notice', async () => {
  fx = await startDiscordFixture({}, false);
  const result = await fx.platform.deliver({ alert: killOf(makeAlert()), target, nonce: 'kill-none', attempt: 1, followUp: followUp('edit') });
  expect(result.ok).toBe(true);
  expect((fx.fake.messages(DESK)[0]!.embeds[0] as Embed).title).toBe('WITHDRAWN by AFP World: Taliban take control of Bagram air base');
});
