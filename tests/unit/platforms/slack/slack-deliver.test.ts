import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, ChannelTarget } from '../../../../src/core/model.js';
import type { DeliveryResult } from '../../../../src/core/ports.js';
import { decodeApiBody } from '../../../fakes/slack/fake-slack-web-api.js';
import { buildAlert, HOSTILE } from './alert-fixtures.js';
import { DESK_CHANNEL, startKit, type Kit } from './slack-test-kit.js';
import { hl, plain } from '../../../helpers/summary-runs.js';
import { prepareArticle } from '../../../../src/core/matcher/prepare-article.js';
import { buildSummary } from '../../../../src/core/summary/build-summary.js';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const target = (channel = DESK_CHANNEL): ChannelTarget => ({ id: 'afghanistan', platform: 'slack', channel, source: 'config' });

function deliver(k: Kit, alert: Alert, channel?: string, attempt = 1): Promise<DeliveryResult> {
  return k.platform.deliver({ alert, target: target(channel), nonce: `n-${alert.id}`, attempt });
}

/**
 * What the outbox does, in miniature: per alert, in order, deliver until ok (a retry:false ends it). Returns
 * every result so tests can check what the platform reported along the way.
 */
async function deliverAll(k: Kit, alerts: Alert[], maxAttempts = 20): Promise<DeliveryResult[][]> {
  const all: DeliveryResult[][] = [];
  for (const alert of alerts) {
    const results: DeliveryResult[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const r = await deliver(k, alert, undefined, attempt);
      results.push(r);
      if (r.ok || !r.retry) break;
    }
    all.push(results);
  }
  return all;
}

describe('Slack deliver()', () => {
  it('posts a Block Kit message to the channel and returns ts and the channel ref', async () => {
    kit = await startKit('http');
    const result = await deliver(kit, buildAlert());
    const [message] = kit.fake.state.messages;
    expect(message).toBeDefined();
    expect(result).toEqual({ ok: true, messageId: message?.ts, ref: { channel: DESK_CHANNEL, ts: message?.ts } });
    expect(message?.channel).toBe(DESK_CHANNEL);
    expect(message?.text).toBe('Taliban retake Bagram air base (Reuters World)');
    expect(message?.blocks?.map((b) => (b as { type: string }).type)).toEqual(['section', 'section', 'context']);
    const [request] = kit.fake.requests('chat.postMessage');
    expect(request?.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    expect(request?.params).not.toHaveProperty('link_names');
    expect(request?.params).not.toHaveProperty('parse');
    expect(request?.params).not.toHaveProperty('mrkdwn');
  });

  it('injection text from a feed is inert in every field sent on the wire', async () => {
    kit = await startKit('http');
    const hostile = `${HOSTILE} <!subteam^S1> <#C1> <@U1> \u2066x\u2069`;
    const result = await deliver(kit, buildAlert({
      title: hostile, summary: [hl('Taliban'), plain(` ${hostile}`)], feedName: hostile, matched: ['<!channel>'],
      link: 'https://n.example/x?a=<!channel>',
    }));
    expect(result.ok).toBe(true);
    const [request] = kit.fake.requests('chat.postMessage');
    const params = decodeApiBody(request?.rawBody ?? '', request?.contentType ?? null);
    const strings = JSON.stringify(params);
    // JSON.stringify keeps `<` and `!` as is: any live mention, link or special token would show here.
    expect(strings).not.toMatch(/<[!@#](?!date\^\d+\^)/);
    expect(strings).not.toContain('<http://evil');
    expect(strings).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(strings).toContain('&lt;!channel&gt;');
    expect(strings).toContain('&lt;http://evil|R&gt;');
    expect(request?.rawBody).not.toMatch(/link_names|parse=/);
  });

  it('markdown marks in feed text (**, __, ~~, *, _, `) arrive literally; only the matched term is bold', async () => {
    kit = await startKit('http');
    const body = 'Officials said the **draft** deal is __not__ final, ~~withdrawn~~, *maybe* _later_ `soon`, as the Taliban advanced.';
    const summary = buildSummary(prepareArticle('Talks stall', body), ['Taliban']);
    expect((await deliver(kit, buildAlert({ summary }))).ok).toBe(true);
    const [request] = kit.fake.requests('chat.postMessage');
    const params = decodeApiBody(request?.rawBody ?? '', request?.contentType ?? null) as { blocks?: string | unknown[] };
    const blocks = (typeof params.blocks === 'string' ? JSON.parse(params.blocks) : params.blocks) as Array<{ text?: { text: string } }>;
    const text = blocks[1]!.text!.text;
    // Slack has no escape for * _ ~ `: a zero-width-free lookalike keeps them from pairing, and only *Taliban* is bold.
    expect(text.match(/\*[^*\s][^*]*\*/g)).toEqual(['*Taliban*']);
    expect(text).not.toMatch(/(^|\s)_[^_]+_(\s|[,.]|$)/);
    expect(text).not.toMatch(/~[^~]+~/);
    expect(text).not.toMatch(/`[^`]+`/);
    expect(text).toContain('draft');
    expect(text).toContain('withdrawn');
  });

  it('a 429 storm: each 429 comes back at once with Retry-After; every alert is posted exactly once, in order', async () => {
    kit = await startKit('http');
    kit.fake.failNext('chat.postMessage', ...Array.from({ length: 5 }, () => ({ status: 429, retryAfter: 7 })));
    const alerts = [1, 2, 3].map((n) => buildAlert({ id: `item-${n}`, title: `Story ${n}` }));
    const results = await deliverAll(kit, alerts);
    expect(results[0]?.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => ({
      ok: false, retry: true, retryAfterMs: 7000, error: 'rate limited by Slack (Retry-After 7s)',
    })));
    // The WebClient did not retry a 429 on its own: one request per deliver() call.
    expect(kit.fake.requests('chat.postMessage')).toHaveLength(5 + 3);
    expect(kit.fake.state.messages.map((m) => m.text)).toEqual(['Story 1 (Reuters World)', 'Story 2 (Reuters World)', 'Story 3 (Reuters World)']);
  });

  it('a 500 storm and dropped connections: bounded retries inside, then retry:true; nothing lost or doubled', async () => {
    kit = await startKit('http');
    kit.fake.failNext('chat.postMessage',
      ...Array.from({ length: 7 }, (_, i) => (i % 3 === 2 ? { drop: true as const } : { status: i % 2 ? 503 : 500 })));
    const alerts = [1, 2, 3, 4].map((n) => buildAlert({ id: `item-${n}`, title: `Story ${n}` }));
    const results = await deliverAll(kit, alerts);
    // retries: 2 → three requests per deliver(): 7 failures fill two calls and one request of the third.
    expect(results[0]).toHaveLength(3);
    expect(results[0]?.[0]).toMatchObject({ ok: false, retry: true });
    expect(results[0]?.[2]).toMatchObject({ ok: true });
    expect(kit.fake.state.messages.map((m) => m.text)).toEqual(alerts.map((a) => `${a.title} (Reuters World)`));
    expect(new Set(kit.fake.state.messages.map((m) => m.ts)).size).toBe(4);
  });

  const permanent: Array<[string, (k: Kit) => string]> = [
    ['channel_not_found', () => 'C0GONE0001'],
    ['not_in_channel', (k) => { k.fake.addChannel('C0NOTIN001', { member: false }); return 'C0NOTIN001'; }],
    ['is_archived', (k) => { k.fake.addChannel('C0OLD00001', { archived: true }); return 'C0OLD00001'; }],
  ];
  for (const [code, setup] of permanent) {
    it(`${code} → retry:false naming the channel, nothing posted`, async () => {
      kit = await startKit('http');
      const channel = setup(kit);
      const result = await deliver(kit, buildAlert(), channel);
      expect(result).toMatchObject({ ok: false, retry: false });
      expect(!result.ok && result.error).toMatch(new RegExp(`^${code}: Slack channel ${channel}: `));
      expect(kit.fake.state.messages).toHaveLength(0);
      // Not retried inside the client either.
      expect(kit.fake.requests('chat.postMessage')).toHaveLength(1);
    });
  }

  it('a revoked token → retry:false; a target without a Slack id → retry:false', async () => {
    kit = await startKit('http');
    kit.fake.failNext('chat.postMessage', { error: 'token_revoked' });
    expect(await deliver(kit, buildAlert())).toMatchObject({ ok: false, retry: false, error: expect.stringMatching(/^token_revoked/) });
    const noId = await kit.platform.deliver({
      alert: buildAlert(), target: { id: 'x', platform: 'slack', source: 'config' }, nonce: 'n', attempt: 1,
    });
    expect(noId).toMatchObject({ ok: false, retry: false });
  });

  it('Slack-side transient errors (ratelimited body, internal_error) → retry:true', async () => {
    kit = await startKit('http');
    kit.fake.failNext('chat.postMessage', { error: 'internal_error' }, { status: 429 });
    expect(await deliver(kit, buildAlert())).toMatchObject({ ok: false, retry: true, error: 'Slack error internal_error' });
    // A 429 without Retry-After still comes back as retryable.
    expect(await deliver(kit, buildAlert())).toMatchObject({ ok: false, retry: true });
    expect(kit.fake.state.messages).toHaveLength(0);
  });

  it('blocks Slack rejects do not block the channel: the alert goes out as text', async () => {
    kit = await startKit('http');
    kit.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const result = await deliver(kit, buildAlert());
    expect(result.ok).toBe(true);
    expect(kit.fake.state.messages).toHaveLength(1);
    expect(kit.fake.state.messages[0]?.blocks).toBeUndefined();
    expect(kit.fake.state.messages[0]?.text).toBe('Taliban retake Bagram air base (Reuters World)');
  });

  it('a Slack that does not answer in time → retry:true (request timeout)', async () => {
    kit = await startKit('http', { requestTimeoutMs: 200, retry: { retries: 0 } });
    kit.fake.failNext('chat.postMessage', { hang: true });
    const result = await deliver(kit, buildAlert());
    expect(result).toMatchObject({ ok: false, retry: true, error: expect.stringMatching(/^Slack unreachable/) });
  });
});
