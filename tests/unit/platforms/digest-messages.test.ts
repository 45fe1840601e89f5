/**
 * Flood-control digests on Discord and Slack: every held story listed (linked headline, source, matched terms),
 * hostile feed text inert, and the largest digest (20 stories with very long headlines) within each platform's
 * limits.
 */
import { describe, expect, test } from 'vitest';
import { buildDigestAlert, DIGEST_MAX_ITEMS } from '../../../src/core/alerts/build-digest.js';
import type { Alert } from '../../../src/core/model.js';
import { buildAlertMessage } from '../../../src/platforms/discord/build-alert-message.js';
import { formatAlertMessage } from '../../../src/platforms/slack/format-alert-message.js';
import { buildAlert, HOSTILE } from './slack/alert-fixtures.js';

/** Discord shows `\\(` as `(`. */
const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
const T = Date.parse('2026-11-25T12:00:00Z');
const window = { reason: 'burst' as const, start: T, closesAt: T + 120_000, max: 5, perMs: 120_000 };
const story = (i: number, over: Partial<Alert> = {}) => buildAlert({ id: `s${i}`, title: `Taliban story ${i}`, link: `https://wire.example/s${i}`, ...over });

describe('digest on Discord', () => {
  test('one field per story: headline, then source, matched terms and link; no ping', () => {
    const body = buildAlertMessage(buildDigestAlert('desk', [story(1), story(2)], window), 'nonce');
    const embed = body.embeds[0]!;
    expect(unescape(embed.title)).toBe('2 more stories matched (more than 5 in 2 min)');
    expect(embed.fields!.map((f) => ({ name: unescape(f.name), value: unescape(f.value) }))).toEqual([
      { name: 'Taliban story 1', value: 'Reuters World · matched Taliban, Bagram air base · <https://wire.example/s1>' },
      { name: 'Taliban story 2', value: 'Reuters World · matched Taliban, Bagram air base · <https://wire.example/s2>' },
    ]);
    expect(embed.footer?.text).toBe('Held 25 Nov 2026 12:00–12:02 UTC');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
  });

  test('20 stories with huge hostile headlines stay within every embed limit and ping nobody', () => {
    const members = Array.from({ length: DIGEST_MAX_ITEMS }, (_, i) => story(i, { title: `${HOSTILE} **x** `.repeat(60), feedName: HOSTILE }));
    const embed = buildAlertMessage(buildDigestAlert('desk', members, window), 'nonce').embeds[0]!;
    expect(embed.fields).toHaveLength(20);
    const total = embed.title.length + (embed.footer?.text.length ?? 0) + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    for (const f of embed.fields!) {
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    expect(JSON.stringify(embed)).not.toMatch(/(?<!\\)@everyone|(?<!\\)<@&|(?<!\\)\*\*/);
  });
});

describe('digest on Slack', () => {
  test('a section per story with its linked headline, source and matched terms; the window as context', () => {
    const message = formatAlertMessage(buildDigestAlert('desk', [story(1), story(2)], window), { nowMs: T, pings: ['S0DESK01'] });
    expect(message.blocks.map((b) => ('text' in b ? b.text.text : 'elements' in b ? b.elements[0]!.text : ''))).toEqual([
      '*2 more stories matched (more than 5 in 2 min)*',
      '*<https://wire.example/s1|Taliban story 1>*\nReuters World · matched Taliban, Bagram air base',
      '*<https://wire.example/s2|Taliban story 2>*\nReuters World · matched Taliban, Bagram air base',
      `Held <!date^${T / 1000}^{date_short_pretty} {time}|2026-11-25T12:00:00.000Z> – <!date^${T / 1000 + 120}^{time}|2026-11-25T12:02:00.000Z>`,
    ]);
    expect(message.text).not.toContain('subteam');
  });

  test('20 stories with huge hostile headlines stay within Block Kit limits; feed text cannot ping, link or format', () => {
    const members = Array.from({ length: DIGEST_MAX_ITEMS }, (_, i) => story(i, { title: `${HOSTILE} **x** ~~y~~ `.repeat(60), feedName: HOSTILE }));
    const message = formatAlertMessage(buildDigestAlert('desk', members, window), { nowMs: T });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const texts = message.blocks.map((b) => ('text' in b ? b.text.text : 'elements' in b ? b.elements[0]!.text : ''));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    // Only our own links and date tokens open a `<`; feed text's marks are lookalikes.
    for (const text of texts.slice(1, -1)) {
      expect(text.match(/</g)).toHaveLength(1);
      expect(text.replace(/^\*<[^|]+\|/, '').replace(/>\*\n/, '\n')).not.toMatch(/[*~]/);
    }
  });
});
