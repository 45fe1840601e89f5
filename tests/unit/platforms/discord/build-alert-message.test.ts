import { describe, expect, test } from 'vitest';
import { EMBED_LIMITS, buildAlertMessage, pickFeedColor, safeLink } from '../../../../src/platforms/discord/build-alert-message.js';
import { buildReplyMessage } from '../../../../src/platforms/discord/build-reply-message.js';
import { fitNonce } from '../../../../src/platforms/discord/create-discord-platform.js';
import { decideMayManage } from '../../../../src/platforms/discord/decide-may-manage.js';
import { escapeDiscordMarkdown, renderDiscordMarkdownRun } from '../../../../src/platforms/discord/escape-markdown.js';
import { makeAlert } from './discord-fixture.js';
import { hl, marked, plain } from '../../../helpers/summary-runs.js';

function embedTotal(e: { title: string; description?: string; footer?: { text: string } }): number {
  return e.title.length + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
}

describe('chat safety (golden)', () => {
  test('the hostile headline from the security issue', () => {
    const headline = '@everyone <@&1> <!channel> <http://evil|R> [R](http://evil) \u202E &#x202E; <script>';
    const { embeds, allowed_mentions } = buildAlertMessage(makeAlert({ title: headline, summary: [plain(headline)] }), 'n');
    expect(allowed_mentions).toEqual({ parse: [] });
    const golden = '\\@everyone \\<\\@&1\\> \\<!channel\\> \\<http\\://evil\\|R\\> \\[R\\]\\(http\\://evil\\)  &\\#x202E; \\<script\\>';
    expect(embeds[0]!.title).toBe(golden.replace('  ', ' '));
    expect(embeds[0]!.description).toBe(golden);
  });

  test('matched terms stay bold while their own text is escaped', () => {
    const runs = [plain('a '), hl('[x](y)'), plain(' b ** c')];
    expect(runs.map(renderDiscordMarkdownRun).join('')).toBe('a **\\[x\\]\\(y\\)** b \\*\\* c');
  });

  test('line-start markdown (headings, lists, quotes) is neutralised', () => {
    expect(escapeDiscordMarkdown('# Big\n- item\n1. first\n> quote')).toBe('\\# Big\n\\- item\n1\\. first\n\\> quote');
  });

  test('zero-width and bidi characters are removed', () => {
    expect(escapeDiscordMarkdown('ev\u200Beryone \u2066x\u2069 \u200Fy\uFEFF')).toBe('everyone x y');
  });

  test('only absolute http(s) links become the embed URL', () => {
    expect(safeLink('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('data:text/html,x')).toBeNull();
    expect(safeLink('/relative')).toBeNull();
    expect(safeLink(null)).toBeNull();
  });
});

describe('limits', () => {
  test('a huge title full of markdown is cut to 256 without a dangling escape', () => {
    const title = Array.from({ length: 300 }, (_, i) => `w${i}*_[`).join(' ');
    const embed = buildAlertMessage(makeAlert({ title }), 'n').embeds[0]!;
    expect(embed.title.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(embed.title.endsWith('…')).toBe(true);
    expect(embed.title).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
  });

  test('a huge summary fits 4096 and the embed fits 6000, bold pairs intact', () => {
    const summary = Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? `**Kabul** <${i}>` : `word_${i}`)).join(' ');
    const embed = buildAlertMessage(makeAlert({ summary: marked(summary), title: 'T'.repeat(400), feedName: 'F'.repeat(3000) }), 'n').embeds[0]!;
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.description!.length).toBeGreaterThan(3500);
    expect(embedTotal(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect((embed.description!.match(/(?<!\\)\*\*/g) ?? []).length % 2).toBe(0);
    expect(embed.footer!.text.length).toBeLessThanOrEqual(200);
  });

  test('colours: stable per feed, overridable', () => {
    expect(pickFeedColor('afp-world')).toBe(pickFeedColor('afp-world'));
    expect(buildAlertMessage(makeAlert(), 'n', 0xc0392b).embeds[0]!.color).toBe(0xc0392b);
  });

  test('an alert without title, link, date or summary still makes a valid embed', () => {
    const embed = buildAlertMessage(makeAlert({ title: '  ', link: null, published: null, summary: [] }), 'n').embeds[0]!;
    expect(embed).toEqual({ title: '(untitled)', color: pickFeedColor('afp-world'), footer: { text: 'AFP World' } });
  });
});

describe('command replies', () => {
  test('are ephemeral, mention nobody, escape stored articles and stay within 2000 characters', () => {
    const body = buildReplyMessage({
      ok: false,
      title: 'Invalid query at column 3',
      lines: Array.from({ length: 300 }, () => 'line of text'),
      articles: Array.from({ length: 8 }, (_, i) => ({ feedId: 'f', id: `${i}`, title: `<@&1> [x](http://evil) ${i}`, text: '@here', link: 'https://a.example/', published: null, firstSeenAt: 0 })),
    });
    expect(body.flags).toBe(64);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content.startsWith('⚠️ **Invalid query at column 3**')).toBe(true);
    expect(body.content.length).toBeLessThanOrEqual(2000);
    expect(body.embeds).toHaveLength(5);
    expect(body.embeds[0]!.title).toBe('\\<\\@&1\\> \\[x\\]\\(http\\://evil\\) 0');
    expect(body.embeds[0]!.description).toBe('\\@here');
  });
});

describe('who may manage', () => {
  const manage = 1n << 4n;
  const admin = 1n << 3n;
  test.each([
    ['manage-channels', manage, [], true],
    ['manage-channels', admin, [], true],
    ['manage-channels', 1n << 11n, [], false],
    ['manage-channels', null, [], false],
    ['everyone', 0n, [], true],
    [['77'], 0n, ['77'], true],
    [['77'], 0n, ['78'], false],
    [['77'], manage, [], true],
  ] as const)('%j with perms %s roles %j → %s', (policy, permissions, roles, expected) => {
    expect(decideMayManage(policy as never, { permissions, roles: [...roles] })).toBe(expected);
  });
});

test('nonces longer than Discord allows are hashed to a stable 25 characters', () => {
  expect(fitNonce('short-nonce')).toBe('short-nonce');
  const long = 'x'.repeat(40);
  expect(fitNonce(long)).toHaveLength(25);
  expect(fitNonce(long)).toBe(fitNonce(long));
  expect(fitNonce(long)).not.toBe(fitNonce(`${long}y`));
});
