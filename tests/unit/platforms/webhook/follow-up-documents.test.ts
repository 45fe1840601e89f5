/**
 * Story follow-ups on the document platforms and discord-webhook: the console line and webhook body gain a
 * `followUp` object after every existing key (the v1 contract only grows), validated by the shipped schema;
 * discord-webhook posts each follow-up as a message of its own in the Discord wording.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ALERT_DOCUMENT_KEYS } from '../../../../src/core/alerts/alert-document.js';
import type { Alert } from '../../../../src/core/model.js';
import { formatConsoleAlert } from '../../../../src/platforms/console/create-console-platform.js';
import { createDiscordWebhookPlatform } from '../../../../src/platforms/discord-webhook/create-discord-webhook-platform.js';
import { createWebhookPlatform } from '../../../../src/platforms/webhook/create-webhook-platform.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { alsoOf, correctionOf, followUp, HOSTILE_HEADLINE, killOf, updateOf } from '../follow-up-fixtures.js';
import { buildAlert } from '../slack/alert-fixtures.js';

const clock = { now: () => 1_764_000_000_000 };
const log = { debug() {}, info() {}, warn() {}, error() {} };
const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(import.meta.dirname, '../../../../schemas/alert-v1.schema.json'), 'utf8')) as never);
const line = (alert: Alert) => JSON.parse(formatConsoleAlert(alert)) as Record<string, unknown>;
const EXISTING_KEYS = [...ALERT_DOCUMENT_KEYS, 'kind', 'urgency'];

describe('the alert document of a follow-up', () => {
  it('keeps every existing key in order and adds followUp last: update, correction, kill, also', () => {
    const first = buildAlert();
    const cases: Array<[Alert, string, Record<string, unknown>]> = [
      [updateOf(first), 'update', { firstAlertId: 'item-1', whatChanged: 'Adds casualty figures from the ministry', correction: false }],
      [correctionOf(first), 'update', { firstAlertId: 'item-1', whatChanged: 'Corrects the name of the base in the first paragraph', correction: true }],
      [killOf(first), 'kill', { firstAlertId: 'item-1' }],
      [alsoOf(first), 'also', { firstAlertId: 'item-1' }],
    ];
    for (const [alert, kind, expected] of cases) {
      const document = line(alert);
      expect(Object.keys(document)).toEqual([...EXISTING_KEYS, 'followUp']);
      expect(document.kind).toBe(kind);
      expect(document.followUp).toEqual(expected);
      expect(schema.safeParse(document).success, JSON.stringify(document)).toBe(true);
    }
    const update = line(updateOf(first));
    expect(update).toMatchObject({ id: 'item-1', title: 'Taliban seize Bagram air base, ministry says 12 dead', summary: 'Adds casualty figures from the ministry' });
    expect(line(alsoOf(first))).toMatchObject({ feed: 'reuters-world', feedName: 'Reuters World', id: 'urn:reuters:77', link: 'https://reuters.example/bagram' });
  });

  it('a plain alert has no followUp; the schema refuses a follow-up that does not name its first alert', () => {
    expect(Object.keys(line(buildAlert()))).toEqual(EXISTING_KEYS);
    const update = line(updateOf(buildAlert()));
    expect(schema.safeParse({ ...update, followUp: { whatChanged: 'x' } }).success).toBe(false);
    expect(schema.safeParse({ ...update, followUp: { firstAlertId: 'item-1', correction: 'yes' } }).success).toBe(false);
    expect(schema.safeParse({ ...update, kind: 'rewrite' }).success).toBe(false);
  });

  describe('webhook platform', () => {
    let server: Server;
    let base: string;
    const bodies: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (d) => (body += d));
        req.on('end', () => {
          bodies.push(body);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => server.close());

    it('POSTs the follow-up document as its body, whatever the delivery says about threads', async () => {
      const platform = createWebhookPlatform({ secret: 'whsec-unit-0123456789', network: { allowPrivateNetworks: false, allowHosts: ['127.0.0.1'] }, clock, log });
      const kill = killOf(buildAlert());
      const original = { channel: 'hooks', itemId: 'item-1', platform: 'webhook', messageId: null, ref: {}, sentAt: 1 };
      const result = await platform.deliver({ alert: kill, target: { id: 'hooks', platform: 'webhook', channel: `${base}/hook`, source: 'config' }, nonce: 'k', attempt: 1, followUp: followUp('edit', original) });
      await platform.stop();
      expect(result.ok).toBe(true);
      expect(bodies).toEqual([formatConsoleAlert(kill).trimEnd()]);
      expect(JSON.parse(bodies[0]!).followUp).toEqual({ firstAlertId: 'item-1' });
    });
  });
});

describe('discord-webhook follow-ups', () => {
  it('are standalone messages in the Discord wording: no thread, no edit, no pings', async () => {
    const fake = await FakeDiscordServer.start({ token: 'unused-bot-token' });
    try {
      const channel = '444444444444444444';
      const platform = createDiscordWebhookPlatform({ url: fake.createIncomingWebhook(channel), colors: {}, clock, log });
      const target = { id: 'hook-desk', platform: 'discord-webhook', source: 'config' as const, ping: { role: '555555555555555555', minUrgency: 'routine' as const } };
      const first = buildAlert();
      const firstSent = await platform.deliver({ alert: first, target, nonce: 'n0', attempt: 1 });
      expect(firstSent.ok).toBe(true);
      const original = { channel: 'hook-desk', itemId: first.id, platform: 'discord-webhook', messageId: firstSent.ok ? firstSent.messageId : null, ref: {}, sentAt: 1 };
      const sends: Array<[Alert, 'reply' | 'edit' | 'standalone']> = [
        [updateOf(first, { urgency: 'flash' }), 'reply'], [correctionOf(first), 'reply'], [killOf(first), 'edit'], [alsoOf(first, { title: HOSTILE_HEADLINE }), 'reply'],
      ];
      for (const [alert, how] of sends) {
        expect((await platform.deliver({ alert, target, nonce: `n-${how}`, attempt: 1, followUp: followUp(how, original) })).ok).toBe(true);
      }
      const messages = fake.messages(channel);
      expect(messages.map((m) => (m.embeds[0] as { title: string }).title)).toEqual([
        'Taliban retake Bagram air base',
        'UPDATE: Taliban seize Bagram air base, ministry says 12 dead',
        'CORRECTION: Taliban seize Bagram air base, ministry says 12 dead',
        'WITHDRAWN by Reuters World: Taliban retake Bagram air base',
        'Also reported by Reuters World: \\@everyone \\@here \\<\\@&123\\> \\<!channel\\> \\<!here\\> \\*\\*bold\\*\\* \\~\\~x\\~\\~ \\[R\\]\\(http\\://evil\\) \\<http\\://evil\\|R\\>',
      ]);
      expect(messages.every((m) => m.content === '' && JSON.stringify(m.allowed_mentions) === '{"parse":[]}')).toBe(true);
      expect(fake.requests.filter((r) => r.method !== 'POST' || /\/threads$/.test(r.path))).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
