/**
 * Story follow-ups on Slack, the real platform (Bolt's WebClient) against the fake Slack: updates and "also
 * reported by" as thread replies under the first alert, kills as chat.update of it, standalone messages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, ChannelTarget } from '../../../../src/core/model.js';
import type { DeliveryRecord, FollowUpDelivery } from '../../../../src/core/ports.js';
import { compileAlertTemplate } from '../../../../src/core/template/parse-template.js';
import { decodeApiBody } from '../../../fakes/slack/fake-slack-web-api.js';
import { alsoOf, correctionOf, followUp, HOSTILE_HEADLINE, killOf, recordOf, updateOf } from '../follow-up-fixtures.js';
import { buildAlert } from './alert-fixtures.js';
import { DESK_CHANNEL, startKit, type Kit } from './slack-test-kit.js';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const target: ChannelTarget = { id: 'afghanistan', platform: 'slack', channel: DESK_CHANNEL, source: 'config' };
type Section = { type: string; text?: { text: string }; elements?: Array<{ text: string }> };
const texts = (blocks: unknown[] | undefined) => (blocks as Section[] | undefined ?? []).map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' '));

async function firstAlert(k: Kit, alert: Alert = buildAlert(), to: ChannelTarget = target): Promise<DeliveryRecord> {
  return recordOf(to, alert, await k.platform.deliver({ alert, target: to, nonce: `first-${alert.id}`, attempt: 1 }));
}

function send(k: Kit, alert: Alert, how: FollowUpDelivery, to: ChannelTarget = target) {
  return k.platform.deliver({ alert, target: to, nonce: `n-${alert.id}-${how.how}`, attempt: 1, followUp: how });
}

describe('Slack follow-ups', () => {
  it('an update is a thread reply under the first alert (thread_ts), short, unfurls off; the next one joins it', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    const result = await send(kit, updateOf(buildAlert()), followUp('reply', original));
    const reply = kit.fake.state.messages[1]!;
    expect(reply.thread_ts).toBe(original.messageId);
    expect(reply.channel).toBe(DESK_CHANNEL);
    expect(result).toEqual({ ok: true, messageId: reply.ts, ref: { channel: DESK_CHANNEL, ts: reply.ts, thread_ts: original.messageId } });
    expect(reply.text).toBe('UPDATE: Taliban seize Bagram air base, ministry says 12 dead (Reuters World)');
    expect(texts(reply.blocks)).toEqual([
      '*UPDATE: <https://news.example/a?x=1&amp;y=2|Taliban seize Bagram air base, ministry says 12 dead>*',
      'Adds casualty figures from the ministry',
      'Reuters World',
    ]);
    const [, request] = kit.fake.requests('chat.postMessage');
    expect(request?.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false', thread_ts: original.messageId });
    expect(request?.rawBody).not.toMatch(/link_names|parse=|reply_broadcast/);

    await send(kit, correctionOf(buildAlert()), followUp('reply', original));
    const correction = kit.fake.state.messages[2]!;
    expect(correction.thread_ts).toBe(original.messageId);
    expect(correction.text).toMatch(/^CORRECTION: /);
    expect(texts(correction.blocks)[1]).toBe('Corrects the name of the base in the first paragraph');
  });

  it('a follow-up of a recorded reply goes under the same parent (Slack threads do not nest)', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    const also = alsoOf(buildAlert());
    const reply = recordOf(target, also, await send(kit, also, followUp('reply', original)));
    await send(kit, updateOf(also, { followUp: { firstAlertId: also.id, whatChanged: 'New figures', version: 'v2' } }), followUp('reply', reply));
    expect(kit.fake.state.messages.map((m) => m.thread_ts)).toEqual([undefined, original.messageId, original.messageId]);
  });

  it('"also reported by" names the other outlet and links its story', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    await send(kit, alsoOf(buildAlert()), followUp('reply', original));
    const message = kit.fake.state.messages[1]!;
    expect(message.text).toBe('Also reported by Reuters World: Taliban fighters enter Bagram, the former US base');
    expect(texts(message.blocks)).toEqual(['Also reported by *Reuters World*: <https://reuters.example/bagram|Taliban fighters enter Bagram, the former US base>']);
  });

  it('a kill rewrites the first alert with chat.update: headline struck, WITHDRAWN by the feed; nothing new posted', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    const result = await send(kit, killOf(buildAlert()), followUp('edit', original));
    expect(result).toEqual({ ok: true, messageId: original.messageId, ref: { channel: DESK_CHANNEL, ts: original.messageId } });
    const [update] = kit.fake.requests('chat.update');
    expect(update?.params).toMatchObject({ channel: DESK_CHANNEL, ts: original.messageId });
    expect(kit.fake.state.messages).toHaveLength(1);
    const edited = kit.fake.state.messages[0]!;
    expect(edited.edits).toHaveLength(1);
    expect(edited.text).toBe('~Taliban retake Bagram air base~ *WITHDRAWN by Reuters World*');
    expect(texts(edited.blocks)).toEqual(['~<https://news.example/a?x=1&amp;y=2|Taliban retake Bagram air base>~', '*WITHDRAWN by Reuters World*']);
  });

  it('a kill whose first message is gone (message_not_found): done with messageId null and a warning, not retried', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    const result = await send(kit, killOf(buildAlert()), followUp('edit', { ...original, messageId: '1700000999.000999' }));
    expect(result).toEqual({ ok: true, messageId: null });
    expect(kit.fake.requests('chat.update').map((r) => r.error)).toEqual(['message_not_found']);
    expect(kit.log.entries.some((e) => e.level === 'warn' && /nothing to strike/.test(e.msg ?? ''))).toBe(true);
    expect(kit.fake.state.messages[0]!.edits).toBeUndefined();
  });

  it('a kill in a channel that is gone is permanent for the channel, like an alert', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    kit.fake.failNext('chat.update', { error: 'channel_not_found' });
    expect(await send(kit, killOf(buildAlert()), followUp('edit', original))).toMatchObject({ ok: false, retry: false });
  });

  it('standalone: update, kill and also as messages of their own, fixed wording under a template, no ping', async () => {
    kit = await startKit('http');
    const { template } = compileAlertTemplate({ headline: 'TEMPLATED {title}' });
    const desk: ChannelTarget = { ...target, template, ping: { role: 'S0EDITORS1', minUrgency: 'routine' } };
    const original = await firstAlert(kit, buildAlert(), desk);
    expect(kit.fake.state.messages[0]!.text).toMatch(/^<!subteam\^S0EDITORS1> TEMPLATED/);
    for (const alert of [updateOf(buildAlert()), killOf(buildAlert()), alsoOf(buildAlert())]) {
      expect((await send(kit, alert, followUp('standalone', original), desk)).ok).toBe(true);
    }
    const [, update, kill, also] = kit.fake.state.messages;
    expect([update, kill, also].map((m) => m!.thread_ts)).toEqual([undefined, undefined, undefined]);
    expect(update!.text).toBe('UPDATE: Taliban seize Bagram air base, ministry says 12 dead (Reuters World)');
    expect(kill!.text).toBe('WITHDRAWN by Reuters World: Taliban retake Bagram air base');
    expect(texts(kill!.blocks)).toEqual(['*WITHDRAWN by Reuters World:* <https://news.example/a?x=1&amp;y=2|Taliban retake Bagram air base>']);
    expect(also!.text).toMatch(/^Also reported by Reuters World: /);
    expect(JSON.stringify(kit.fake.state.messages.slice(1))).not.toMatch(/subteam|TEMPLATED/);
  });

  it('feed text in follow-ups is inert: no <!channel>, <!here>, mention, masked link or live marks on the wire', async () => {
    kit = await startKit('http');
    const original = await firstAlert(kit);
    const hostile = { feedName: '<!channel> *Wire*', title: HOSTILE_HEADLINE, urgency: 'flash' as const };
    await send(kit, updateOf(buildAlert(), hostile, `${HOSTILE_HEADLINE} moved`), followUp('reply', original));
    await send(kit, alsoOf(buildAlert(), hostile), followUp('reply', original));
    await send(kit, killOf(buildAlert({ title: HOSTILE_HEADLINE }), { feedName: hostile.feedName, followUp: { firstAlertId: 'item-1', firstTitle: HOSTILE_HEADLINE } }), followUp('edit', original));
    const sent = [...kit.fake.requests('chat.postMessage').slice(1), ...kit.fake.requests('chat.update')];
    expect(sent).toHaveLength(3);
    for (const request of sent) {
      const wire = JSON.stringify(decodeApiBody(request.rawBody, request.contentType));
      expect(wire).not.toMatch(/<[!@#]/);
      expect(wire).not.toContain('<http://evil');
      expect(wire).toContain('&lt;!channel&gt;');
      expect(wire).not.toContain('**bold**');
      expect(request.rawBody).not.toMatch(/link_names|parse=/);
    }
    // The strike marks around the killed headline are ours; the headline's own `~~x~~` became lookalikes.
    expect(kit.fake.state.messages[0]!.text).toMatch(/^~@everyone @here &lt;@&amp;123&gt; &lt;!channel&gt; .*∼∼x∼∼.*~ \*WITHDRAWN by &lt;!channel&gt; ∗Wire∗\*$/);
  });
});
