import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { compileNaiveMatcher } from '../../oracles/match-naive.js';
import { prepareArticle } from '../../../src/core/matcher/prepare-article.js';
import { parseQuery, QuerySyntaxError } from '../../../src/core/query/parse-query.js';

/** [query, title, body, expected matched terms or null for no match] */
type Case = [string, string, string, string[] | null];

const cases: Case[] = [
  // whole words and their near misses
  ['Taliban', '', 'the Taliban\'s spokesman said', ['Taliban']],
  ['Taliban', '', 'a Taliban-held district', ['Taliban']],
  ['Taliban', '', 'TALIBAN FIGHTERS ADVANCE', ['Taliban']],
  ['Taliban', '', 'the Pakistani Taliban claimed it', ['Taliban']],
  ['Taliban', '', 'a tour of Talibanistan', null],
  ['Taliban', '', 'two talibans were seen', null],
  ['Taliban', '', 'the_Taliban handle', null],
  ['Taliban', '', 'Taliban2 is a codename', null],
  ['Taliban', '', '(Taliban)', ['Taliban']],
  ['Taliban', '', 'Taliban', ['Taliban']],
  ['Taliban', '', 'the Taliban’s envoy', ['Taliban']],
  // literal characters inside terms
  ['Mazar-i-Sharif', '', 'fighting near Mazar-i-Sharif on Sunday', ['Mazar-i-Sharif']],
  ['Mazar-i-Sharif', '', 'fighting near Mazar i Sharif on Sunday', null],
  ['Q&A', '', 'read our Q&A on the pullout', ['Q&A']],
  ['Q&A', '', 'a QQ&A session', null],
  ['"Q&A"', '', 'read our Q&A on the pullout', ['"Q&A"']],
  ['9/11', '', 'since the 9/11 attacks', ['9/11']],
  ['9/11', '', 'a 19/11 date', null],
  ['9/11', '', 'on 9/111', null],
  ['al-Qaeda', '', 'AL-QAEDA leaders', ['al-Qaeda']],
  ['#MeToo', '', 'the #metoo movement', ['#MeToo']],
  ['#MeToo', '', 'the a#metoo movement', null],
  ['C++', '', 'written in C++ and Rust', ['C++']],
  ['C++', '', 'written in C++x', null],
  ['&', '', 'salt & pepper', ['&']],
  ['&', '', 'salt&pepper', null],
  ["Taliban's", '', 'the Taliban’s envoy', ["Taliban's"]],
  ['Taliban’s', '', "the Taliban's envoy", ['Taliban’s']],
  // phrases
  ['"Bagram air base"', '', 'they left Bagram Air Base at night', ['"Bagram air base"']],
  ['"Bagram air base"', '', 'they left Bagram airfield at night', null],
  ['"Bagram air base"', '', 'they left Bagram air bases', null],
  ['"Bagram air base"', '', 'Bagram and its air base', null],
  ['"air base"', 'Troops quit the air', 'base camp was empty', null],
  // operators and precedence
  ['Taliban -Pakistan', '', 'Taliban fighters in Kunduz', ['Taliban']],
  ['Taliban -Pakistan', '', 'Taliban fighters crossed from Pakistan', null],
  ['Taliban NOT Pakistan', '', 'Taliban fighters crossed from Pakistan', null],
  ['Taliban Kabul OR Bagram', '', 'the base at Bagram', ['Bagram']],
  ['Taliban Kabul OR Bagram', '', 'the Taliban near Kabul', ['Taliban', 'Kabul']],
  ['Taliban Kabul OR Bagram', '', 'the Taliban near Herat', null],
  ['Taliban (Kabul OR Bagram)', '', 'the base at Bagram', null],
  ['Taliban (Kabul OR Bagram)', '', 'Taliban seize Bagram', ['Taliban', 'Bagram']],
  ['Taliban or Kabul', '', 'Taliban near Kabul', null],
  ['Taliban or Kabul', '', 'Taliban or Kabul', ['Taliban', 'or', 'Kabul']],
  ['Taliban -(Pakistan OR Iran)', '', 'Taliban envoy visits Iran', null],
  ['Taliban --Pakistan', '', 'Taliban and Pakistan', ['Taliban', 'Pakistan']],
  ['(Kabul -Taliban) OR (Taliban -Kabul)', '', 'Taliban move', ['Taliban']],
  ['(Kabul -Taliban) OR (Taliban -Kabul)', '', 'Taliban reach Kabul', null],
  // prefix
  ['Afghan*', '', 'Afghanistan’s army', ['Afghan*']],
  ['Afghan*', '', 'three Afghans and an Afghan', ['Afghan*']],
  ['Afghan*', '', 'pro-afghani views', ['Afghan*']],
  ['Afghan*', '', 'the Afgha border', null],
  ['Afghan*', '', 'Kafghanistan', null],
  ['"Afghan*"', '', 'Afghanistan', null],
  ['al-Qa*', '', 'al-Qaida and al-Qaeda', ['al-Qa*']],
  ['Bagram air*', '', 'the Bagram airfield', ['Bagram', 'air*']],
  // title:
  ['title:Taliban', 'Taliban advance in north', 'fighting continued', ['title:Taliban']],
  ['title:Taliban', 'Fighting in the north', 'the Taliban advanced', null],
  ['title:"air base" Taliban', 'Troops leave air base', 'the Taliban watched', ['title:"air base"', 'Taliban']],
  ['title:Afghan*', 'Afghanistan talks', 'nothing else', ['title:Afghan*']],
  ['Taliban -title:Taliban', 'Taliban advance', 'the Taliban advanced', null],
  ['Taliban -title:Taliban', 'Fighting in the north', 'the Taliban advanced', ['Taliban']],
  ['"north the"', 'Fighting in the north', 'the Taliban advanced', null],
  // Unicode case folding
  ['Москва', '', 'В МОСКВЕ и в МОСКВА', ['Москва']],
  ['Москва', '', 'под Москвой', null],
  ['Αθήνα', '', 'ΑΘΉΝΑ σήμερα', ['Αθήνα']],
  ['ΟΔΟΣ', '', 'στην οδος', ['ΟΔΟΣ']],
  ['οδοσ', '', 'ΣΤΗΝ ΟΔΟΣ', ['οδοσ']],
  ['istanbul', '', 'İSTANBUL today', ['istanbul']],
  // smart accent folding
  ['Kabul', '', 'in Kābul today', ['Kabul']],
  ['Kabul', '', 'in KĀBUL today', ['Kabul']],
  ['Kābul', '', 'in Kabul today', null],
  ['Kābul', '', 'in KĀBUL today', ['Kābul']],
  ['coronavirus', '', 'o Coronavírus chegou', ['coronavirus']],
  ['Coronavírus', '', 'the coronavirus arrived', null],
  ['Coronavírus', '', 'o coronavírus chegou', ['Coronavírus']],
  ['Lodz', '', 'rally in Łódź', ['Lodz']],
  ['Sao Paulo', '', 'em São Paulo', ['Sao', 'Paulo']],
  ['"Sao Paulo"', '', 'em São Paulo', ['"Sao Paulo"']],
  ['"São Paulo"', '', 'em Sao Paulo', null],
  ['Diyarbakir', '', 'protest in Diyarbakır', ['Diyarbakir']],
  // HTML-derived text
  ['"Bagram air base"', '', '<p><b>Bagram</b> air&nbsp;base</p>', ['"Bagram air base"']],
  ['Bagram', '', '<p>Bag<b>ram</b></p>', ['Bagram']],
  ['Bagram', '', '<script>Bagram</script><p>nothing</p>', null],
  ['Taliban', '', 'Tali\u200bban', ['Taliban']],
  // title and body are not glued together
  ['"north Taliban"', 'Fighting in the north', 'Taliban advanced', null],
];

describe('compileMatcher (and the naive baseline) on single queries', () => {
  it.each(cases)('%s | %j | %j', (query, title, body, expected) => {
    const article = prepareArticle(title, body);
    const subs = [{ id: 's', query }];
    const want = expected === null ? [] : [{ id: 's', matched: expected }];
    expect(compileMatcher(subs).match(article)).toEqual(want);
    expect(compileNaiveMatcher(subs).match(article)).toEqual(want);
  });
});

describe('compileMatcher over many subscriptions', () => {
  it('reports every matching subscription in subscription order, once', () => {
    const queries = ['Bagram', 'Taliban -Pakistan', 'Afghan*', 'Taliban', 'Pakistan', 'title:Kabul', 'Kabul'];
    const matcher = compileMatcher(queries.map((query, i) => ({ id: `s${i}`, query })));
    expect(matcher.size).toBe(7);
    const hits = matcher.match(prepareArticle('Taliban near Kabul', 'Afghan officials said the Taliban reached Kabul.'));
    expect(hits).toEqual([
      { id: 's1', matched: ['Taliban'] },
      { id: 's2', matched: ['Afghan*'] },
      { id: 's3', matched: ['Taliban'] },
      { id: 's5', matched: ['title:Kabul'] },
      { id: 's6', matched: ['Kabul'] },
    ]);
    // The next article starts from a clean slate.
    expect(matcher.match(prepareArticle('', 'Pakistan and the Taliban'))).toEqual([{ id: 's3', matched: ['Taliban'] }, { id: 's4', matched: ['Pakistan'] }]);
    expect(matcher.match(prepareArticle('', 'nothing here'))).toEqual([]);
  });

  it('accepts parsed queries', () => {
    const matcher = compileMatcher([{ id: 'a', query: parseQuery('"air base" OR Bagram') }]);
    expect(matcher.match(prepareArticle('', 'the air base'))).toEqual([{ id: 'a', matched: ['"air base"'] }]);
  });

  it('catches the wire story (own-words fixture modelled on the seed) with Taliban or Bagram', async () => {
    const { readFileSync } = await import('node:fs');
    const body = readFileSync(new URL('../../fixtures/stories/afghanistan-2021-07-06.txt', import.meta.url), 'utf8');
    const matcher = compileMatcher([
      { id: 'taliban', query: 'Taliban' },
      { id: 'bagram', query: 'Bagram' },
      { id: 'base', query: '"Bagram air base"' },
      { id: 'miss', query: 'Talibanistan OR "Bagram airfield"' },
    ]);
    expect(matcher.match(prepareArticle('', body)).map((h) => h.id)).toEqual(['taliban', 'bagram', 'base']);
  });

  it('names the subscription in syntax errors', () => {
    let caught: unknown;
    try {
      compileMatcher([{ id: 'ok', query: 'Taliban' }, { id: 'desk-7', query: 'Taliban Kabul)' }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QuerySyntaxError);
    expect((caught as QuerySyntaxError).message).toBe('subscription "desk-7": unexpected ")" at column 14');
    expect((caught as QuerySyntaxError).subscriptionId).toBe('desk-7');
    expect((caught as QuerySyntaxError).column).toBe(14);
  });

  it('rejects a parsed query that only excludes', () => {
    expect(() => compileMatcher([{ id: 'x', query: { kind: 'not', operand: parseQuery('Kabul') } }])).toThrow(
      /subscription "x": query only excludes/,
    );
  });
});
