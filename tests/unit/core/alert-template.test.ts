import { describe, expect, it } from 'vitest';
import { fillAlertTemplate, formatRelativeTime, runsToPlainText } from '../../../src/core/template/fill-template.js';
import { compileAlertTemplate, parseTemplateText, TemplateSyntaxError } from '../../../src/core/template/parse-template.js';
import { marked } from '../../helpers/summary-runs.js';

const NOW = Date.parse('2021-07-06T18:45:00Z');
const alert = {
  title: 'Kabul vows to win back districts', feed: 'afp', feedName: 'AFP World', published: '2021-07-06T18:40:00.000Z',
  matched: ['Taliban', '"Bagram air base"'], summary: marked('Districts fell to the **Taliban** near **Bagram air base**.'),
  link: 'https://wire.example/kabul',
};

describe('template parsing', () => {
  it('splits text and placeholders; {{ and }} are literal braces', () => {
    expect(parseTemplateText('{{x}} {title} – {published:relative}')).toEqual([
      { kind: 'text', text: '{x} ' }, { kind: 'placeholder', name: 'title' }, { kind: 'text', text: ' – ' },
      { kind: 'placeholder', name: 'published:relative' },
    ]);
  });

  it('names an unknown placeholder and its column, and a stray or unclosed brace', () => {
    const error = (text: string) => {
      try {
        parseTemplateText(text);
      } catch (e) {
        return e as TemplateSyntaxError;
      }
      throw new Error('no error');
    };
    const unknown = error('Alert: {titel}');
    expect(unknown).toBeInstanceOf(TemplateSyntaxError);
    expect(unknown.placeholder).toBe('{titel}');
    expect(unknown.column).toBe(8);
    expect(unknown.message).toMatch(/^unknown placeholder \{titel\} at column 8 \(known: \{title\}, \{feed\}, \{published:relative\}.*\)$/);
    expect(error('{published:absolute}').placeholder).toBe('{published:absolute}');
    expect(error('a } b').message).toBe('unmatched "}" at column 3 (write }} for a literal brace)');
    expect(error('a {title b').message).toBe('unclosed "{" at column 3 (write {{ for a literal brace)');
    expect(error('{ti{tle}').message).toMatch(/^unclosed "\{" at column 1 /);
  });

  it('compiles a whole template with key paths for each problem; left-out keys keep the built-in parts', () => {
    const { problems } = compileAlertTemplate({ headline: '{title}', fields: [{ name: 'ok', value: '{sumary}' }], footer: '{x}' });
    expect(problems.map((p) => p.path)).toEqual([['fields', 0, 'value'], ['footer']]);
    const { template } = compileAlertTemplate({});
    expect(template.headline).toEqual([{ kind: 'placeholder', name: 'title' }]);
    expect(template.body).toEqual([{ kind: 'placeholder', name: 'summary' }]);
    expect(template.footer).toEqual([{ kind: 'placeholder', name: 'feed' }]);
    expect(compileAlertTemplate({ body: '', footer: '' }).template).toMatchObject({ body: null, footer: null });
  });
});

describe('template filling', () => {
  it('fills every placeholder as typed runs: highlights from the summary, the link and the time as their own runs', () => {
    const { template } = compileAlertTemplate({
      headline: '[{urgency}] {title}', body: '{summary}',
      fields: [{ name: 'Matched', value: '{matched}' }, { name: 'When', value: '{published:relative} ({published})' }],
      footer: '{feed} · {link}',
    });
    const filled = fillAlertTemplate(template, alert, NOW);
    expect(filled.headline).toEqual([{ kind: 'text', text: '[' }, { kind: 'text', text: '] ' }, { kind: 'text', text: alert.title }]);
    expect(filled.body).toEqual([
      { kind: 'text', text: 'Districts fell to the ' }, { kind: 'text', text: 'Taliban', highlighted: true },
      { kind: 'text', text: ' near ' }, { kind: 'text', text: 'Bagram air base', highlighted: true }, { kind: 'text', text: '.' },
    ]);
    expect(runsToPlainText(filled.fields[0]!.value)).toBe('Taliban, "Bagram air base"');
    expect(filled.fields[1]!.value[0]).toEqual({ kind: 'time', epochSeconds: 1625596800, relative: '5 min ago' });
    expect(runsToPlainText(filled.fields[1]!.value)).toBe('5 min ago (2021-07-06T18:40:00Z)');
    expect(filled.footer).toEqual([{ kind: 'text', text: 'AFP World' }, { kind: 'text', text: ' · ' }, { kind: 'link', url: 'https://wire.example/kabul' }]);
    expect(runsToPlainText(fillAlertTemplate(template, { ...alert, urgency: 'FLASH' }, NOW).headline)).toBe(`[FLASH] ${alert.title}`);
  });

  it('leaves out what the alert lacks: no date, no link or a non-http link', () => {
    const { template } = compileAlertTemplate({ headline: '{title}{published:relative}{published}{link}' });
    const filled = fillAlertTemplate(template, { ...alert, published: null, link: 'javascript:alert(1)' }, NOW);
    expect(filled.headline).toEqual([{ kind: 'text', text: alert.title }]);
  });

  it('writes relative times at minute, hour and day scale', () => {
    expect(formatRelativeTime(NOW - 10_000, NOW)).toBe('just now');
    expect(formatRelativeTime(NOW - 90_000, NOW)).toBe('2 min ago');
    expect(formatRelativeTime(NOW - 3 * 3600_000, NOW)).toBe('3 h ago');
    expect(formatRelativeTime(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
    expect(formatRelativeTime(NOW + 600_000, NOW)).toBe('in 10 min');
  });
});
