import { afterEach, expect, test } from 'vitest';
import type { ChannelTarget } from '../../../../src/core/model.js';
import type { DeliveryResult, Platform } from '../../../../src/core/ports.js';
import { DESK, GUILD, makeAlert, startDiscordFixture, type DiscordFixture } from './discord-fixture.js';
import { hl, plain } from '../../../helpers/summary-runs.js';
import { prepareArticle } from '../../../../src/core/matcher/prepare-article.js';
import { buildSummary } from '../../../../src/core/summary/build-summary.js';

const target: ChannelTarget = { id: 'foreign-desk', platform: 'discord', channel: DESK, guild: GUILD, source: 'config' };
const messagesPath = new RegExp(`^/channels/${DESK}/messages$`);

let fx: DiscordFixture;
afterEach(async () => {
  await fx?.close();
});

/** What the outbox does, minus the store: retry transient failures, honouring Retry-After, until ok. */
async function deliverUntilDone(platform: Platform, nonce: string, alertId: string): Promise<{ result: DeliveryResult; attempts: number }> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const result = await platform.deliver({ alert: makeAlert({ id: alertId }), target, nonce, attempt });
    if (result.ok || !result.retry) return { result, attempts: attempt };
    await new Promise((r) => setTimeout(r, Math.min(result.retryAfterMs ?? 10, 300)));
  }
  throw new Error('gave up');
}

test('deliver posts one embed with a linked title, bold matched terms, feed and time, and no pings', async () => {
  fx = await startDiscordFixture();
  const result = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'n-1', attempt: 1 });
  const messages = fx.fake.messages(DESK);
  expect(messages).toHaveLength(1);
  expect(result).toEqual({ ok: true, messageId: messages[0]!.id, ref: { channelId: DESK, guildId: GUILD } });
  const body = fx.fake.requests.find((r) => r.method === 'POST' && messagesPath.test(r.path))!.body as any;
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(body.nonce).toBe('n-1');
  expect(body.enforce_nonce).toBe(true);
  expect(body.embeds).toHaveLength(1);
  expect(body.embeds[0]).toMatchObject({
    title: 'Taliban take control of Bagram air base',
    url: 'https://example.org/story/1',
    description: '**Taliban** fighters entered **Bagram air base** on Tuesday, officials said.',
    footer: { text: 'AFP World' },
    timestamp: '2026-11-25T11:58:00.000Z',
  });
  expect(typeof body.embeds[0].color).toBe('number');
});

test('an injection headline pings nobody and shows no masked link', async () => {
  fx = await startDiscordFixture();
  const hostile = '@everyone <@&123> <!channel> [Reuters](http://evil) \u202Egnp.exe';
  await fx.platform.deliver({
    alert: makeAlert({ title: hostile, summary: [hl('Taliban'), plain(` ${hostile} ||spoiler|| \`code\``)], link: 'javascript:alert(1)' }),
    target, nonce: 'n-evil', attempt: 1,
  });
  const body = fx.fake.requests.find((r) => r.method === 'POST' && messagesPath.test(r.path))!.body as any;
  const embed = body.embeds[0];
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(body.content).toBeUndefined();
  expect(embed.url).toBeUndefined();
  expect(embed.title).toBe('\\@everyone \\<\\@&123\\> \\<!channel\\> \\[Reuters\\]\\(http\\://evil\\) gnp.exe');
  expect(embed.description).toBe(`**Taliban** ${embed.title} \\|\\|spoiler\\|\\| \\\`code\\\``);
  for (const text of [embed.title, embed.description]) {
    expect(text).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/); // no unescaped [text](url)
    expect(text).not.toMatch(/(^|[^\\])<@/); // no unescaped mention syntax
    expect(text).not.toMatch(/(^|[^\\])@everyone/);
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  }
});

test('a 429 storm (with Retry-After, bucket and global headers) and 500s lose nothing and post each alert once', async () => {
  fx = await startDiscordFixture({ maxRateLimitWaitMs: 100 });
  fx.fake.scriptFailures('POST', messagesPath, [
    { status: 429, retryAfter: 0.05 },
    { status: 500 },
    { status: 429, retryAfter: 0.3, global: true },
    { status: 502, afterCreate: true }, // Discord created it, the answer was lost: the nonce must prevent a second one
    { status: 429, retryAfter: 0.02 },
    { status: 503 },
    { status: 500, afterCreate: true },
  ]);
  const ids: string[] = [];
  let attempts = 0;
  for (let i = 0; i < 5; i++) {
    const { result, attempts: n } = await deliverUntilDone(fx.platform, `nonce-${i}`, `item-${i}`);
    expect(result.ok).toBe(true);
    if (result.ok) ids.push(result.messageId!);
    attempts += n;
  }
  const messages = fx.fake.messages(DESK);
  expect(messages.map((m) => m.nonce)).toEqual(['nonce-0', 'nonce-1', 'nonce-2', 'nonce-3', 'nonce-4']);
  expect(ids).toEqual(messages.map((m) => m.id));
  expect(attempts).toBeGreaterThan(5);
  const posts = fx.fake.requests.filter((r) => r.method === 'POST' && messagesPath.test(r.path));
  expect(posts.filter((r) => r.status === 429).length).toBe(3);
  expect(posts.every((r) => (r.body as any).allowed_mentions.parse.length === 0)).toBe(true);
});

test('a short rate limit is waited out inside deliver; a long one is surfaced with retryAfterMs', async () => {
  fx = await startDiscordFixture({ maxRateLimitWaitMs: 1000 });
  fx.fake.scriptFailures('POST', messagesPath, [{ status: 429, retryAfter: 0.1 }]);
  const waited = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'short', attempt: 1 });
  expect(waited.ok).toBe(true);

  fx.fake.scriptFailures('POST', messagesPath, [{ status: 429, retryAfter: 30 }]);
  const surfaced = await fx.platform.deliver({ alert: makeAlert({ id: 'b' }), target, nonce: 'long', attempt: 1 });
  expect(surfaced).toMatchObject({ ok: false, retry: true });
  expect(!surfaced.ok && surfaced.retry && surfaced.retryAfterMs).toBeGreaterThanOrEqual(29_000);
  // The bucket is known to be exhausted: the next send is refused locally, without hitting Discord again.
  const before = fx.fake.requests.length;
  const again = await fx.platform.deliver({ alert: makeAlert({ id: 'c' }), target, nonce: 'again', attempt: 1 });
  expect(again).toMatchObject({ ok: false, retry: true });
  expect(fx.fake.requests.length).toBe(before);
  expect(fx.fake.messages(DESK).map((m) => m.nonce)).toEqual(['short']);
});

test('403 and 404 are permanent for the channel; other channels still deliver', async () => {
  fx = await startDiscordFixture();
  fx.fake.setChannelStatus(DESK, 403);
  const forbidden = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'f', attempt: 1 });
  expect(forbidden).toMatchObject({ ok: false, retry: false });
  expect(!forbidden.ok && forbidden.error).toContain('403');
  fx.fake.setChannelStatus(DESK, 404);
  const missing = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'g', attempt: 1 });
  expect(missing).toMatchObject({ ok: false, retry: false });
  expect(!missing.ok && missing.error).toContain('10003');
  const other = await fx.platform.deliver({ alert: makeAlert(), target: { ...target, channel: '555555555555555555' }, nonce: 'h', attempt: 1 });
  expect(other.ok).toBe(true);
  expect(fx.log.entries.filter((e) => e.level === 'warn' && e.msg === 'discord: delivery failed')).toHaveLength(2);
});

test('a network failure is transient', async () => {
  fx = await startDiscordFixture({ restTimeoutMs: 2000 }, false);
  await fx.fake.close();
  const result = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'x', attempt: 1 });
  expect(result).toMatchObject({ ok: false, retry: true });
  expect(!result.ok && result.error).toMatch(/^network: /);
  fx.fake.close = async () => undefined;
});

test('deliver needs no gateway: REST alone posts', async () => {
  fx = await startDiscordFixture({}, false);
  const result = await fx.platform.deliver({ alert: makeAlert(), target, nonce: 'rest-only', attempt: 1 });
  expect(result.ok).toBe(true);
  expect(fx.fake.gatewayPayloads).toEqual([]);
});

test('markdown marks in feed text (**, __, ~~, *, _, `) arrive literally; only the matched term is bold', async () => {
  fx = await startDiscordFixture();
  const body = 'Officials said the **draft** deal is __not__ final, ~~withdrawn~~, *maybe* _later_ `soon`, as the Taliban advanced.';
  const summary = buildSummary(prepareArticle('Talks stall', body), ['Taliban']);
  await fx.platform.deliver({ alert: makeAlert({ summary }), target, nonce: 'n-marks', attempt: 1 });
  const sent = fx.fake.requests.find((r) => r.method === 'POST' && messagesPath.test(r.path))!.body as any;
  expect(sent.embeds[0].description).toBe(
    'Officials said the \\*\\*draft\\*\\* deal is \\_\\_not\\_\\_ final, \\~\\~withdrawn\\~\\~, \\*maybe\\* \\_later\\_ \\`soon\\`, as the **Taliban** advanced.',
  );
});
