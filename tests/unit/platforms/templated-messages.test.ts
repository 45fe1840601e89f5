/**
 * Channel templates on Discord and Slack: feed text and template text are escaped for each place, and every
 * part stays within the platform's limits after templating.
 */
import { describe, expect, test } from 'vitest';
import type { Alert } from '../../../src/core/model.js';
import { compileAlertTemplate, type AlertTemplateSource } from '../../../src/core/template/parse-template.js';
import { buildAlertMessage, EMBED_LIMITS, type DiscordEmbed } from '../../../src/platforms/discord/build-alert-message.js';
import { formatAlertMessage, SLACK_LIMITS, type SlackBlock } from '../../../src/platforms/slack/format-alert-message.js';
import { buildAlert, HOSTILE } from './slack/alert-fixtures.js';
import { marked, hl, plain } from '../../helpers/summary-runs.js';

const NOW = Date.parse('2026-11-25T14:08:00.000Z');
const FULL: AlertTemplateSource = {
  headline: '{urgency} {title}',
  body: '{summary}',
  fields: [
    { name: 'Urgency', value: '{urgency}' }, { name: 'Matched', value: '{matched}' },
    { name: 'Published', value: '{published:relative}' }, { name: 'Story', value: '{link}' },
  ],
  footer: '{feed} · {published:relative}',
};

const template = (source: AlertTemplateSource) => {
  const { template: parsed, problems } = compileAlertTemplate(source);
  expect(problems).toEqual([]);
  return parsed;
};
const discord = (alert: Alert, source: AlertTemplateSource) =>
  buildAlertMessage(alert, 'nonce', 0x123456, { template: template(source), nowMs: NOW });
const slack = (alert: Alert, source: AlertTemplateSource) => formatAlertMessage(alert, { template: template(source), nowMs: NOW });

function embedTotal(e: DiscordEmbed): number {
  return e.title.length + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0)
    + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}
const textsOf = (blocks: SlackBlock[]) => blocks.flatMap((b) => ('text' in b ? [b.text.text] : 'fields' in b ? b.fields.map((f) => f.text) : 'elements' in b ? b.elements.map((e) => e.text) : []));

describe('templates on Discord', () => {
  test('lays out title, description, fields and footer; empty placeholders drop their field', () => {
    const { embeds, allowed_mentions } = discord(buildAlert(), FULL);
    const embed = embeds[0]!;
    expect(allowed_mentions).toEqual({ parse: [] });
    expect(embed.title).toBe('Taliban retake Bagram air base');
    expect(embed.url).toBe('https://news.example/a?x=1&y=2');
    expect(embed.description).toBe('The **Taliban** said on Tuesday they controlled **Bagram air base**, north of Kabul.');
    expect(embed.fields).toEqual([
      { name: 'Matched', value: 'Taliban, Bagram air base' },
      { name: 'Published', value: `<t:${Date.parse('2026-11-25T14:03:00Z') / 1000}:R>` },
      { name: 'Story', value: '<https://news.example/a?x=1&y=2>' },
    ]);
    // Footers render no markdown and no live times: the relative time as of delivery.
    expect(embed.footer).toEqual({ text: 'Reuters World · 5 min ago' });
    expect(discord({ ...buildAlert(), urgency: 'flash' } as Alert, FULL).embeds[0]!.fields![0]).toEqual({ name: 'Urgency', value: 'FLASH' });
  });

  test('feed text and template text cannot ping, link or format', () => {
    const embed = discord(buildAlert({ title: HOSTILE, summary: [plain(`${HOSTILE} `), hl('Taliban')], feedName: HOSTILE }), {
      headline: '**{title}** @here', body: '[click](http://evil) {summary}', fields: [{ name: '@everyone', value: '<@&1> {title}' }], footer: '{feed}',
    }).embeds[0]!;
    const markup = [embed.title, embed.description!, embed.fields![0]!.name, embed.fields![0]!.value].join('\n');
    expect(markup).not.toMatch(/(^|[^\\])[@<[]/m);
    expect([embed.title, embed.fields![0]!.name, embed.fields![0]!.value].join('\n')).not.toMatch(/(^|[^\\])\*/m);
    expect(embed.description).toContain('**Taliban**');
    expect(embed.description).toContain('\\[click\\]\\(http\\://evil\\)');
    expect(embed.footer!.text).not.toMatch(/[\u202E]/);
  });

  test('a huge story with ten long fields stays within every embed limit', () => {
    const long = Array.from({ length: 3000 }, (_, i) => (i % 7 ? `word${i}` : '**Kabul**')).join(' ');
    const source: AlertTemplateSource = {
      headline: '{title} {title}', body: '{summary} {summary}',
      fields: Array.from({ length: 10 }, (_, i) => ({ name: `Field ${i} {title}`, value: '{summary}' })), footer: '{feed} {title}',
    };
    const embed = discord(buildAlert({ title: 'T'.repeat(500), summary: marked(long), feedName: 'F'.repeat(3000) }), source).embeds[0]!;
    expect(embed.title.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.fields).toHaveLength(10);
    for (const field of embed.fields!) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      expect(field.value.length).toBeGreaterThan(50);
      expect((field.value.match(/(?<!\\)\*\*/g) ?? []).length % 2).toBe(0);
    }
    expect(embed.footer!.text.length).toBeLessThanOrEqual(EMBED_LIMITS.footer);
    expect(embedTotal(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embedTotal(embed)).toBeGreaterThan(4000);
  });
});

describe('templates on Slack', () => {
  test('lays out the linked headline, body, section fields and a context footer', () => {
    const message = slack(buildAlert(), FULL);
    const at = Date.parse('2026-11-25T14:03:00Z') / 1000;
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*<https://news.example/a?x=1&amp;y=2|Taliban retake Bagram air base>*' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'The *Taliban* said on Tuesday they controlled *Bagram air base*, north of Kabul.' } },
      { type: 'section', fields: [
        { type: 'mrkdwn', text: '*Matched*\nTaliban, Bagram air base' },
        { type: 'mrkdwn', text: `*Published*\n<!date^${at}^{ago}|5 min ago>` },
        { type: 'mrkdwn', text: '*Story*\n<https://news.example/a?x=1&amp;y=2>' },
      ] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Reuters World · <!date^${at}^{ago}|5 min ago>` }] },
    ]);
    expect(message.text).toBe('Taliban retake Bagram air base (Reuters World)');
  });

  test('feed text and template text cannot ping or link', () => {
    const message = slack(buildAlert({ title: HOSTILE, summary: [plain(HOSTILE)], feedName: HOSTILE }), {
      headline: '<!here> {title}', body: '{summary} <http://evil|x>', fields: [{ name: '<!channel>', value: '{title}' }], footer: '{feed}',
    });
    const texts = textsOf(message.blocks);
    // Only our own markup opens a `<`: the headline link and nothing else.
    expect(texts.join('\n').match(/</g)).toHaveLength(1);
    expect(texts[0]).toMatch(/^\*<https:\/\/news\.example\/a\?x=1&amp;y=2\|&lt;!here&gt; @everyone &lt;@&amp;1&gt;/);
    expect(message.text).not.toContain('<');
  });

  test('markdown marks in feed and template text (**, __, ~~, *, _, `) arrive literally; only matched terms are bold', () => {
    const marks = '**draft** __not__ ~~gone~~ *maybe* _later_ `soon`';
    const message = slack(buildAlert({ title: `${marks} Taliban`, summary: [plain(`${marks} `), hl('Taliban')], feedName: marks }), {
      headline: '*{title}*', body: '_{summary}_', fields: [{ name: '~x~', value: '`{title}`' }], footer: '{feed}',
    });
    const texts = textsOf(message.blocks);
    // Our own marks only: the headline's bold wrapper, the field label's bold and the highlighted term.
    expect(texts[0]).toMatch(/^\*<https:[^|]+\|[^*_~`]+>\*$/);
    expect(texts[1]).toMatch(/^[^*_~`]+\*Taliban\*[^*_~`]*$/);
    expect(texts[2]).toMatch(/^\*[^*_~`]+\*\n[^*_~`]+$/);
    expect(texts[3]).not.toMatch(/[*_~`]/);
    expect(texts[1]).toContain('\u2217\u2217draft\u2217\u2217 \u02CD\u02CDnot\u02CD\u02CD \u223C\u223Cgone\u223C\u223C');
  });

  test('a huge story with ten long fields stays within Block Kit limits', () => {
    const long = Array.from({ length: 3000 }, (_, i) => (i % 7 ? `w<${i}>` : '**Kabul**')).join(' ');
    const message = slack(buildAlert({ title: 'T&'.repeat(500), summary: marked(long) }), {
      headline: '{title}', body: '{summary}', fields: Array.from({ length: 10 }, () => ({ name: '{title}', value: '{summary}' })), footer: '{summary}',
    });
    const [head, body, fields, context] = message.blocks as [SlackBlock, SlackBlock, SlackBlock, SlackBlock];
    expect('text' in head && head.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect('text' in body && body.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect('fields' in fields && fields.fields).toHaveLength(10);
    for (const field of 'fields' in fields ? fields.fields : []) expect(field.text.length).toBeLessThanOrEqual(2000);
    expect('elements' in context && context.elements[0]!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElementText);
    // Cuts never split an entity: every & starts a whole escape.
    for (const text of textsOf(message.blocks)) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });
});
