import { describe, expect, it } from 'vitest';
import { prepareArticle } from '../../../src/core/matcher/prepare-article.js';
import { buildSummary as buildSummaryRuns } from '../../../src/core/summary/build-summary.js';
import { formatMarkedSummary } from '../../../src/core/summary/summary-runs.js';

// The cases read as the console shows a summary: highlighted runs as `**…**`.
const buildSummary = (...args: Parameters<typeof buildSummaryRuns>): string => formatMarkedSummary(buildSummaryRuns(...args));
import { splitSentences } from '../../../src/core/summary/split-sentences.js';

const filler = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('buildSummary', () => {
  const cases: Array<[string, string, string, string[], string]> = [
    [
      'one short sentence, term marked',
      'Taliban enter city',
      'The Taliban entered the city on Monday.',
      ['Taliban'],
      'The **Taliban** entered the city on Monday.',
    ],
    [
      'two sentences when both fit',
      'Convoy leaves',
      'A convoy left the base at dawn. Officials confirmed it later. A third sentence follows.',
      ['convoy'],
      'A **convoy** left the base at dawn. Officials confirmed it later.',
    ],
    [
      'match only in the body adds its sentence',
      'Troops withdraw',
      'Troops left the north at dawn. Officials confirmed it later. Residents said nothing. Later the envoy met the Taliban in Doha.',
      ['Taliban'],
      'Troops left the north at dawn. Officials confirmed it later. … Later the envoy met the **Taliban** in Doha.',
    ],
    [
      'the next sentence follows without an ellipsis',
      'Troops withdraw',
      `Troops left the north at dawn, ${filler(20)}. Then the Taliban arrived. More ${filler(40)}.`,
      ['Taliban'],
      `Troops left the north at dawn, ${filler(20)}. Then the **Taliban** arrived.`,
    ],
    [
      'a match in the title adds nothing',
      'Taliban advance',
      'Fighting spread in the north. Officials were worried. Much later the Taliban were seen.',
      ['Taliban'],
      'Fighting spread in the north. Officials were worried.',
    ],
    [
      'phrases, prefixes and accents are marked as the matcher found them',
      'News',
      'Afghans left Bagram Air Base for Kābul.',
      ['"Bagram air base"', 'Afghan*', 'Kabul'],
      '**Afghans** left **Bagram Air Base** for **Kābul**.',
    ],
    [
      'whole words only',
      'News',
      'Talibanistan is not the Taliban.',
      ['Taliban'],
      'Talibanistan is not the **Taliban**.',
    ],
    [
      'title: terms are marked in the lead too',
      'Taliban talks',
      'The Taliban met envoys.',
      ['title:Taliban'],
      'The **Taliban** met envoys.',
    ],
    [
      'abbreviations do not end a sentence',
      'News',
      'Mr. Kirby said U.S. forces left. Gen. Miller agreed. A third one.',
      [],
      'Mr. Kirby said U.S. forces left. Gen. Miller agreed.',
    ],
    ['empty body', 'Taliban advance', '', ['Taliban'], ''],
  ];
  it.each(cases)('%s', (_name, title, body, matched, expected) => {
    expect(buildSummary(prepareArticle(title, body), matched)).toBe(expected);
  });

  it('cuts a long lead at a word boundary with …, within 300 characters', () => {
    const body = `${filler(80)}. Second sentence.`;
    const summary = buildSummary(prepareArticle('t', body), []);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith('…')).toBe(true);
    const words = summary.slice(0, -1).split(' ');
    expect(body.startsWith(summary.slice(0, -1))).toBe(true);
    expect(body.split(' ')).toContain(words[words.length - 1]);
  });

  it('cuts a long matching sentence around the match', () => {
    const body = `Lead sentence here. More ${filler(60)} Taliban ${filler(60)}.`;
    const summary = buildSummary(prepareArticle('t', body), ['Taliban']);
    const [lead, rest] = summary.split(' … ');
    expect(lead).toBe('Lead sentence here.');
    expect(rest).toContain('**Taliban**');
    expect(rest!.replace(/\*\*/g, '').length).toBeLessThanOrEqual(300);
    expect(rest!.endsWith('…')).toBe(true);
  });

  it('summarises the wire story fixture matched on Bagram', async () => {
    const { readFileSync } = await import('node:fs');
    const body = readFileSync(new URL('../../fixtures/stories/afghanistan-2021-07-06.txt', import.meta.url), 'utf8');
    const summary = buildSummary(prepareArticle('Afghan forces vow to win back districts', body), ['Bagram']);
    const [lead, excerpt] = summary.split(' … ');
    expect(lead!.length).toBeLessThanOrEqual(300);
    expect(lead).toMatch(/^WASHINGTON, July 6 \(Wire World\)/);
    expect(excerpt).toContain('**Bagram**');
  });
});

describe('splitSentences', () => {
  it('splits on end punctuation before a capital, keeping quotes with their sentence', () => {
    const text = '"We will stay," he said. Will they? Yes! 2021 was hard… Next.';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      '"We will stay," he said.', 'Will they?', 'Yes!', '2021 was hard…', 'Next.',
    ]);
  });
});
