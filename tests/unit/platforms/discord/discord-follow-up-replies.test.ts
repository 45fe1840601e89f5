/**
 * Story follow-ups as thread replies on Discord: the real platform (discord.js REST) against the fake Discord.
 * The first update starts a thread on the first alert's message and posts in it; later ones post in the same
 * thread; where threads are refused the follow-up is a reply to the first message instead.
 */
import { afterEach, expect, test } from 'vitest';
import type { Alert, ChannelTarget } from '../../../../src/core/model.js';
import type { DeliveryRecord } from '../../../../src/core/ports.js';
import { createDiscordPlatform } from '../../../../src/platforms/discord/create-discord-platform.js';
import { alsoOf, correctionOf, followUp, HOSTILE_HEADLINE, recordOf, updateOf } from '../follow-up-fixtures.js';
import { DESK, GUILD, makeAlert, startDiscordFixture, TOKEN, type DiscordFixture } from './discord-fixture.js';
import { createRecordingLogger } from './recording-logger.js';

const target: ChannelTarget = { id: 'foreign-desk', platform: 'discord', channel: DESK, guild: GUILD, source: 'config' };
const threadCreates = (fx: DiscordFixture) => fx.fake.requests.filter((r) => r.method === 'POST' && /\/threads$/.test(r.path));

let fx: DiscordFixture;
afterEach(async () => {
  await fx?.close();
});

async function firstAlert(alert: Alert = makeAlert(), to: ChannelTarget = target): Promise<DeliveryRecord> {
  return recordOf(to, alert, await fx.platform.deliver({ alert, target: to, nonce: `first-${alert.id}`, attempt: 1 }));
}

test('the first update starts a thread on the first alert and posts in it; the second posts in the same thread', async () => {
  fx = await startDiscordFixture({}, false);
  const story = makeAlert({ title: `Taliban take control of Bagram air base ${'and more '.repeat(20)}` });
  const original = await firstAlert(story);
  // The thread is named after the story as first alerted, cut to Discord's 100 characters.
  const first = updateOf(story);
  const result = await fx.platform.deliver({ alert: first, target, nonce: 'upd-1', attempt: 1, followUp: followUp('reply', original) });

  const thread = fx.fake.thread(original.messageId!);
  expect(thread).toMatchObject({ id: original.messageId, parent_id: DESK, auto_archive_duration: 1440 });
  expect(thread!.name.length).toBeLessThanOrEqual(100);
  expect(thread!.name).toMatch(/^Taliban take control of Bagram air base and more/);
  const [reply] = fx.fake.messages(thread!.id);
  expect(result).toEqual({ ok: true, messageId: reply!.id, ref: { channelId: thread!.id, threadOf: original.messageId, guildId: GUILD } });
  expect(reply!.embeds[0]).toMatchObject({
    title: 'UPDATE: Taliban seize Bagram air base, ministry says 12 dead',
    description: 'Adds casualty figures from the ministry',
    url: 'https://example.org/story/1',
    footer: { text: 'AFP World' },
  });
  expect(reply!.allowed_mentions).toEqual({ parse: [] });
  expect(reply!.content).toBe('');
  expect(reply!.nonce).toBe('upd-1');
  // Only the follow-up went into the thread; the channel still holds just the first alert.
  expect(fx.fake.messages(DESK)).toHaveLength(1);

  const second = updateOf(makeAlert(), { title: 'Taliban hold Bagram air base', followUp: { firstAlertId: 'urn:afp:1', whatChanged: 'New headline', version: 'v3' } });
  const again = await fx.platform.deliver({ alert: second, target, nonce: 'upd-2', attempt: 1, followUp: followUp('reply', original) });
  expect(again).toMatchObject({ ok: true, ref: { channelId: thread!.id, threadOf: original.messageId } });
  expect(fx.fake.messages(thread!.id).map((m) => (m.embeds[0] as { title: string }).title))
    .toEqual(['UPDATE: Taliban seize Bagram air base, ministry says 12 dead', 'UPDATE: Taliban hold Bagram air base']);
  expect(threadCreates(fx)).toHaveLength(1);
});

test('a resend of the same update returns the first reply (enforced nonce in the thread)', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  fx.fake.scriptFailures('POST', new RegExp(`^/channels/${original.messageId}/messages$`), [{ status: 502, afterCreate: true }]);
  const attempt = { alert: updateOf(makeAlert()), target, nonce: 'upd-lost', followUp: followUp('reply', original) };
  expect(await fx.platform.deliver({ ...attempt, attempt: 1 })).toMatchObject({ ok: false, retry: true });
  const retried = await fx.platform.deliver({ ...attempt, attempt: 2 });
  expect(fx.fake.messages(original.messageId!)).toHaveLength(1);
  expect(retried).toMatchObject({ ok: true, messageId: fx.fake.messages(original.messageId!)[0]!.id });
});

test('after a restart the thread already exists (160004): the update goes into it, no second thread', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  await fx.platform.deliver({ alert: updateOf(makeAlert()), target, nonce: 'upd-1', attempt: 1, followUp: followUp('reply', original) });
  // A new process: the platform remembers no threads.
  const restarted = createDiscordPlatform({ token: TOKEN, apiUrl: fx.fake.apiUrl, permissions: { manage: 'manage-channels' }, log: createRecordingLogger(), clock: fx.commands.clock });
  try {
    const result = await restarted.deliver({ alert: correctionOf(makeAlert()), target, nonce: 'upd-2', attempt: 1, followUp: followUp('reply', original) });
    expect(result).toMatchObject({ ok: true, ref: { channelId: original.messageId, threadOf: original.messageId } });
  } finally {
    await restarted.stop();
  }
  const creates = threadCreates(fx);
  expect(creates.map((r) => r.status)).toEqual([201, 400]);
  expect(fx.fake.messages(original.messageId!).map((m) => (m.embeds[0] as { title: string }).title)[1])
    .toBe('CORRECTION: Taliban seize Bagram air base, ministry says 12 dead');
});

for (const code of [50024, 50013] as const) {
  test(`threads refused (${code}): the follow-up replies to the first message in the channel, once asked`, async () => {
    fx = await startDiscordFixture({}, false);
    const original = await firstAlert();
    fx.fake.refuseThreads(DESK, code);
    const result = await fx.platform.deliver({ alert: updateOf(makeAlert()), target, nonce: 'upd-ref', attempt: 1, followUp: followUp('reply', original) });
    const messages = fx.fake.messages(DESK);
    expect(messages).toHaveLength(2);
    expect(result).toEqual({ ok: true, messageId: messages[1]!.id, ref: { channelId: DESK, guildId: GUILD } });
    expect(messages[1]!.message_reference).toEqual({ message_id: original.messageId, channel_id: DESK, fail_if_not_exists: false });
    expect(messages[1]!.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(fx.fake.thread(original.messageId!)).toBeUndefined();
    // The channel is not disabled, and the next follow-up of the story does not ask for a thread again.
    const next = await fx.platform.deliver({ alert: alsoOf(makeAlert()), target, nonce: 'also-ref', attempt: 1, followUp: followUp('reply', original) });
    expect(next.ok).toBe(true);
    expect(threadCreates(fx)).toHaveLength(1);
    expect(fx.fake.messages(DESK)[2]!.message_reference).toMatchObject({ message_id: original.messageId });
  });
}

test('a personal (DM) channel gets a reply to the first message, never a thread request', async () => {
  fx = await startDiscordFixture({}, false);
  const dm: ChannelTarget = { id: 'discord:dm:555000000000000001', platform: 'discord', channel: '555000000000000001', dmUser: '555000000000000001', source: 'command' };
  const original = await firstAlert(makeAlert(), dm);
  const result = await fx.platform.deliver({ alert: updateOf(makeAlert()), target: dm, nonce: 'dm-upd', attempt: 1, followUp: followUp('reply', original) });
  expect(result.ok).toBe(true);
  const messages = fx.fake.directMessages('555000000000000001');
  expect(messages).toHaveLength(2);
  expect(messages[1]!.message_reference).toEqual({ message_id: original.messageId, channel_id: original.ref.channelId, fail_if_not_exists: false });
  expect(threadCreates(fx)).toHaveLength(0);
});

test('a deleted story thread: the follow-up replies in the channel instead and the channel stays enabled', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  await fx.platform.deliver({ alert: updateOf(makeAlert()), target, nonce: 'upd-1', attempt: 1, followUp: followUp('reply', original) });
  fx.fake.setChannelStatus(original.messageId!, 404);
  const result = await fx.platform.deliver({ alert: correctionOf(makeAlert()), target, nonce: 'upd-2', attempt: 1, followUp: followUp('reply', original) });
  expect(result).toMatchObject({ ok: true, ref: { channelId: DESK } });
  expect(fx.fake.messages(DESK)[1]!.message_reference).toMatchObject({ message_id: original.messageId });
});

test('"also reported by" names the other outlet and links its story, in the thread', async () => {
  fx = await startDiscordFixture({}, false);
  const original = await firstAlert();
  const result = await fx.platform.deliver({ alert: alsoOf(makeAlert()), target, nonce: 'also-1', attempt: 1, followUp: followUp('reply', original) });
  expect(result.ok).toBe(true);
  const [message] = fx.fake.messages(original.messageId!);
  expect(message!.embeds[0]).toMatchObject({
    title: 'Also reported by Reuters World: Taliban fighters enter Bagram, the former US base',
    url: 'https://reuters.example/bagram',
    footer: { text: 'Reuters World' },
  });
  expect((message!.embeds[0] as { description?: string }).description).toBeUndefined();
});

test('feed text in a follow-up pings nobody: a hostile headline stays inert, even on a channel with a role ping', async () => {
  fx = await startDiscordFixture({}, false);
  const pinging: ChannelTarget = { ...target, ping: { role: '444444444444444444', minUrgency: 'routine' } };
  const original = await firstAlert(makeAlert(), pinging);
  expect(fx.fake.messages(DESK)[0]!.content).toBe('<@&444444444444444444>'); // the first alert did ping
  const hostile = updateOf(makeAlert(), { title: HOSTILE_HEADLINE, urgency: 'flash', pings: ['444444444444444444'] }, `${HOSTILE_HEADLINE} changed`);
  for (const how of ['reply', 'standalone'] as const) {
    await fx.platform.deliver({ alert: { ...hostile, feedName: '@everyone <@&1>' }, target: pinging, nonce: `hostile-${how}`, attempt: 1, followUp: followUp(how, original) });
  }
  const sent = fx.fake.requests.filter((r) => r.method === 'POST' && /\/messages$/.test(r.path) && String((r.body as { nonce?: string }).nonce).startsWith('hostile'));
  expect(sent).toHaveLength(2);
  for (const request of sent) {
    const body = request.body as { content?: string; allowed_mentions: unknown; embeds: Array<{ title: string; description: string; footer: { text: string } }> };
    expect(body.content).toBeUndefined();
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const [embed] = body.embeds;
    expect(embed!.title).toBe('UPDATE: \\@everyone \\@here \\<\\@&123\\> \\<!channel\\> \\<!here\\> \\*\\*bold\\*\\* \\~\\~x\\~\\~ \\[R\\]\\(http\\://evil\\) \\<http\\://evil\\|R\\>');
    for (const text of [embed!.title, embed!.description]) {
      expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
      expect(text).not.toMatch(/(^|[^\\])<[@!]/);
      expect(text).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
    }
  }
});
