/**
 * Issue 17 acceptance for `platform: webhook`, through the built CLI and a real SQLite file: a receiver on
 * 127.0.0.1 that checks signatures itself gets each alert once although newsbot is killed -9 between the
 * receiver's processing and its answer, retries (503) go through the outbox, and a captured request replayed
 * later, re-stamped or altered is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { killQuietly, startBot, type BotProcess } from '../helpers/bot-process.js';
import { makeWorkDir, startWire, type WireFeed } from '../helpers/ops-fixture.js';
import { buildOnce, ROOT, runCli, writeConfig } from '../helpers/run-cli.js';
import { signAsReceiver, startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'whsec-e2e-3f1c9a7d0b2e4f68';
let wire: WireFeed;
let receiver: WebhookReceiver;
let bot: BotProcess | undefined;

beforeAll(async () => {
  buildOnce();
  wire = await startWire();
  receiver = await startWebhookReceiver(SECRET);
}, 180_000);

afterEach(() => killQuietly(bot));

afterAll(async () => {
  await wire?.server.stop();
  await receiver?.close();
});

function config(store: string): string {
  return `
store: ${store}
backfill: all
fetch: { allowPrivateNetworks: true, timeout: 5s }
delivery: { retryBase: 20ms, retryMax: 200ms }
scaleOut: { claimTtl: 1s }
feeds:
  - { id: wire, url: "${wire.url}", name: Wire }
channels:
  - { id: cms, platform: webhook, channel: "${receiver.url}" }
subscriptions:
  - { id: taliban, channel: cms, query: Taliban }
`;
}

const ENV = { WEBHOOK_SECRET: SECRET };

describe('webhook platform (built CLI, SQLite, a receiver on 127.0.0.1)', () => {
  it('signed alerts arrive once each across a kill -9 between the receiver\'s processing and its answer, and 503s are retried', async () => {
    const { dir, store } = makeWorkDir();
    const path = writeConfig(dir, config(store));
    wire.setItems([['hook-1', 'Taliban take border crossing'], ['hook-2', 'Taliban talks in Doha'], ['hook-3', 'Taliban name governor']]);
    receiver.holdNext();
    bot = startBot(['run', '--once', '--config', path], ENV);
    await bot.waitFor(() => receiver.held() !== undefined, 'the first webhook POST to be processed');
    bot.signal('SIGKILL');
    expect((await bot.exited).signal).toBe('SIGKILL');
    const killedKey = receiver.held()!.headers['idempotency-key']!;
    expect(receiver.processed).toHaveLength(1);

    // The restart resends the alert it never heard back about, through two failures of the receiver.
    receiver.failNext(2, 503);
    const restart = await runCli(['run', '--once', '--config', path], { env: ENV, timeoutMs: 60_000 });
    expect(restart.code, restart.stderr.slice(-3000)).toBe(0);

    expect(receiver.processed.map((a) => a.id).sort()).toEqual(['hook-1', 'hook-2', 'hook-3']);
    const byVerdict = (v: string) => receiver.requests.filter((r) => r.verdict === v);
    expect(byVerdict('scripted-failure')).toHaveLength(2);
    expect(byVerdict('duplicate').map((r) => r.headers['idempotency-key'])).toEqual([killedKey]);
    expect(receiver.requests.filter((r) => r.headers['idempotency-key'] === killedKey).length).toBeGreaterThanOrEqual(2);
    // Every request newsbot sent was signed correctly, fresh, and named its schema; the body is the schema's document.
    expect(receiver.requests.every((r) => ['processed', 'duplicate', 'scripted-failure'].includes(r.verdict))).toBe(true);
    const schema = z.fromJSONSchema(JSON.parse(readFileSync(join(ROOT, 'schemas/alert-v1.schema.json'), 'utf8')) as never);
    for (const r of receiver.requests) {
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers['x-newsbot-schema']).toBe('alert-v1');
      expect(schema.safeParse(JSON.parse(r.body)).success, r.body).toBe(true);
    }
    expect(JSON.stringify(receiver.requests)).not.toContain(SECRET);
  }, 120_000);

  it('a captured request is refused when replayed after the window, re-stamped, or altered; within the window it is a duplicate', async () => {
    const captured = receiver.requests.find((r) => r.verdict === 'processed');
    expect(captured, 'the first test delivers').toBeDefined();
    const { headers, body } = captured!;
    const resend = {
      'content-type': 'application/json', 'x-newsbot-timestamp': headers['x-newsbot-timestamp']!,
      'x-newsbot-signature': headers['x-newsbot-signature']!, 'idempotency-key': headers['idempotency-key']!,
    };
    expect(await receiver.replay(resend, body)).toEqual({ status: 200, reason: 'duplicate' });

    receiver.setSkewMs(6 * 60 * 1000);
    try {
      expect(await receiver.replay(resend, body)).toEqual({ status: 401, reason: 'outside-window' });
    } finally {
      receiver.setSkewMs(0);
    }
    const now = String(Math.floor(Date.now() / 1000) + 1);
    expect(await receiver.replay({ ...resend, 'x-newsbot-timestamp': now }, body)).toEqual({ status: 401, reason: 'bad-signature' });
    const altered = body.replace(/"title":"[^"]*"/, '"title":"Forged headline"');
    expect(altered).not.toBe(body);
    expect(await receiver.replay(resend, altered)).toEqual({ status: 401, reason: 'bad-signature' });
    // The signature really is HMAC-SHA256 over "<timestamp>.<body>" with the shared secret (README).
    expect(headers['x-newsbot-signature']).toBe(signAsReceiver(SECRET, headers['x-newsbot-timestamp']!, body));
  });
});
