/**
 * The webhook and discord-webhook adapters against real local HTTP servers: what is sent, what answers mean for
 * the outbox, and the feeds' address policy on the webhook URL.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelTarget } from '../../../../src/core/model.js';
import { compileAlertTemplate } from '../../../../src/core/template/parse-template.js';
import { createDiscordWebhookPlatform } from '../../../../src/platforms/discord-webhook/create-discord-webhook-platform.js';
import { formatConsoleAlert } from '../../../../src/platforms/console/create-console-platform.js';
import { createWebhookPlatform } from '../../../../src/platforms/webhook/create-webhook-platform.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { buildAlert, HOSTILE } from '../slack/alert-fixtures.js';

const SECRET = 'whsec-unit-0123456789';
const NOW = 1_764_000_000_000;
const clock = { now: () => NOW };
const log = { debug() {}, info() {}, warn() {}, error() {} };

interface Received { headers: IncomingHttpHeaders; body: string }
let server: Server;
let base: string;
const received: Received[] = [];
let answers: Array<{ status: number; headers?: Record<string, string> }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const answer = answers.shift() ?? { status: 204 };
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());
afterEach(() => {
  received.length = 0;
  answers = [];
});

const target = (url: string): ChannelTarget => ({ id: 'hooks', platform: 'webhook', channel: url, source: 'config' });
const webhook = (network = { allowPrivateNetworks: false, allowHosts: ['127.0.0.1'] }) =>
  createWebhookPlatform({ secret: SECRET, network, clock, log, timeoutMs: 2000 });

describe('webhook platform', () => {
  it('POSTs the alert document, signed over timestamp.body, with the outbox nonce as Idempotency-Key', async () => {
    const platform = webhook();
    const alert = buildAlert();
    const result = await platform.deliver({ alert, target: target(`${base}/hook`), nonce: 'nonce-abc', attempt: 1 });
    expect(result).toEqual({ ok: true, messageId: null });
    const [request] = received;
    expect(request!.body).toBe(formatConsoleAlert(alert).trimEnd());
    const timestamp = String(request!.headers['x-newsbot-timestamp']);
    expect(timestamp).toBe(String(NOW / 1000));
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request!.body}`).digest('hex');
    expect(request!.headers['x-newsbot-signature']).toBe(`v1=${expected}`);
    expect(request!.headers['idempotency-key']).toBe('nonce-abc');
    expect(request!.headers['x-newsbot-schema']).toBe('alert-v1');
    expect(request!.headers['content-type']).toBe('application/json');
    await platform.stop();
  });

  it('retries 429/5xx (after Retry-After), disables on 404/410, does not follow redirects', async () => {
    const platform = webhook();
    const send = () => platform.deliver({ alert: buildAlert(), target: target(`${base}/hook`), nonce: 'n', attempt: 1 });
    answers = [{ status: 429, headers: { 'retry-after': '7' } }, { status: 503 }, { status: 404 }, { status: 410 }, { status: 302, headers: { location: 'http://169.254.169.254/' } }, { status: 400 }];
    expect(await send()).toEqual({ ok: false, retry: true, retryAfterMs: 7000, error: 'webhook 429' });
    expect(await send()).toMatchObject({ ok: false, retry: true, error: 'webhook 503' });
    expect(await send()).toMatchObject({ ok: false, retry: false, error: 'webhook 404' });
    expect(await send()).toMatchObject({ ok: false, retry: false });
    expect(await send()).toMatchObject({ ok: false, retry: false, error: expect.stringContaining('redirects are not followed') });
    expect(await send()).toMatchObject({ ok: false, retry: true });
    expect(received).toHaveLength(6);
    await platform.stop();
  });

  it('refuses loopback URLs, by address and by name, unless fetch.allowHosts or allowPrivateNetworks opens them', async () => {
    const closed = webhook({ allowPrivateNetworks: false, allowHosts: [] });
    const port = new URL(base).port;
    for (const url of [`${base}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`]) {
      const result = await closed.deliver({ alert: buildAlert(), target: target(url), nonce: 'n', attempt: 1 });
      expect(result, url).toMatchObject({ ok: false, retry: false, error: expect.stringMatching(/refused to connect.*loopback/) });
    }
    expect(received).toHaveLength(0);
    await closed.stop();
    const open = webhook({ allowPrivateNetworks: true, allowHosts: [] });
    expect(await open.deliver({ alert: buildAlert(), target: target(`http://localhost:${port}/hook`), nonce: 'n', attempt: 1 })).toMatchObject({ ok: true });
    await open.stop();
  });
});

describe('discord-webhook platform', () => {
  it('posts the discord embed (templates too) through an incoming webhook, mentions off, with the message id', async () => {
    const fake = await FakeDiscordServer.start({ token: 'unused-bot-token' });
    try {
      const url = fake.createIncomingWebhook('444444444444444444');
      const platform = createDiscordWebhookPlatform({ url, colors: { reuters: 0x112233 }, clock, log });
      const { template } = compileAlertTemplate({ headline: '{title}', fields: [{ name: 'Matched', value: '{matched}' }] });
      const result = await platform.deliver({
        alert: buildAlert({ title: HOSTILE }), nonce: 'n1', attempt: 1,
        target: { id: 'hook-desk', platform: 'discord-webhook', source: 'config', template },
      });
      const [message] = fake.messages('444444444444444444');
      expect(result).toEqual({ ok: true, messageId: message!.id });
      expect(message!.allowed_mentions).toEqual({ parse: [] });
      const embed = message!.embeds[0] as { title: string; color: number; fields: unknown[] };
      expect(embed.title.startsWith('\\@everyone \\<\\@&1\\>')).toBe(true);
      expect(embed.color).toBe(0x112233);
      expect(embed.fields).toEqual([{ name: 'Matched', value: 'Taliban, Bagram air base' }]);
      fake.scriptFailures('POST', /^\/webhooks\//, [{ status: 429, retryAfter: 0.25 }]);
      expect(await platform.deliver({ alert: buildAlert(), nonce: 'n2', attempt: 1, target: { id: 'hook-desk', platform: 'discord-webhook', source: 'config' } }))
        .toMatchObject({ ok: false, retry: true, retryAfterMs: 250 });
      const wrongToken = createDiscordWebhookPlatform({ url: url.replace(/hook-token-/, 'stolen-'), colors: {}, clock, log });
      expect(await wrongToken.deliver({ alert: buildAlert(), nonce: 'n3', attempt: 1, target: { id: 'hook-desk', platform: 'discord-webhook', source: 'config' } }))
        .toMatchObject({ ok: false, retry: true, error: expect.not.stringContaining('stolen') });
    } finally {
      await fake.close();
    }
  });
});
