/**
 * Property: on random queries over random articles, the compiled matcher and the naive one-regex-per-term
 * baseline return the same hits and the same matched terms. The inputs are built from a small alphabet of
 * near misses (case, accents, prefixes, punctuation, inline vs block HTML) so that hits are frequent.
 */
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { compileNaiveMatcher } from '../../oracles/match-naive.js';
import { prepareArticle } from '../../../src/core/matcher/prepare-article.js';
import { formatQuery, parseQuery, QuerySyntaxError, type Query } from '../../../src/core/query/parse-query.js';
import { createRandom } from '../../../bench/lib/seeded-random.js';

const WORDS = [
  'kabul', 'Kābul', 'KABUL', 'taliban', 'Taliban', 'talibans', 'afghan', 'Afghans', 'afghanistan', 'afgh',
  'bagram', 'air', 'base', 'airbase', 'São', 'sao', 'paulo', 'Москва', 'МОСКВА', 'οδος', 'ΟΔΟΣ', 'İstanbul',
  'istanbul', 'q&a', 'Q&A', 'c++', '9/11', 'al-qaeda', 'al', 'qaeda', 'mazar-i-sharif', 'or', 'x_y', 'coronavírus',
  'coronavirus', 'łódź', 'lodz', '2021', 'éé', 'ee',
];
const SEPARATORS = [' ', ' ', ' ', '-', "'", '’', '. ', ', ', '_', '', '&', '/', '\u00a0', '<b></b>', '<br>', '</p><p>', '\u200b'];


function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function randomCase(r: () => number, w: string): string {
  const x = r();
  return x < 0.6 ? w : x < 0.8 ? w.toUpperCase() : w.toLowerCase();
}

function randomText(r: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += randomCase(r, pick(r, WORDS)) + pick(r, SEPARATORS);
  return s;
}

function randomTerm(r: () => number): Query {
  const x = r();
  const field = r() < 0.15 ? 'title' : 'any';
  if (x < 0.55) return { kind: 'term', text: randomCase(r, pick(r, WORDS)), phrase: false, prefix: false, field };
  if (x < 0.75) {
    const n = 2 + Math.floor(r() * 2);
    const text = Array.from({ length: n }, () => pick(r, WORDS)).join(' ');
    return { kind: 'term', text, phrase: true, prefix: false, field };
  }
  if (x < 0.9) {
    const w = pick(r, WORDS.filter((v) => Array.from(v).length >= 3));
    const len = 3 + Math.floor(r() * (Array.from(w).length - 2));
    return { kind: 'term', text: Array.from(w).slice(0, len).join(''), phrase: false, prefix: true, field };
  }
  return { kind: 'term', text: `${pick(r, WORDS)}-${pick(r, WORDS)}`, phrase: false, prefix: false, field };
}

function randomQuery(r: () => number, depth: number): Query {
  const x = r();
  if (depth >= 3 || x < 0.4) return randomTerm(r);
  if (x < 0.55) return { kind: 'not', operand: randomQuery(r, depth + 1) };
  const n = 2 + Math.floor(r() * 3);
  const operands = Array.from({ length: n }, () => randomQuery(r, depth + 1));
  return { kind: x < 0.8 ? 'and' : 'or', operands };
}

describe('compiled matcher vs naive baseline', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`agree on random queries and articles (seed ${seed})`, () => {
      const r = createRandom(seed);
      const subs: Array<{ id: string; query: string }> = [];
      while (subs.length < 150) {
        const text = formatQuery(randomQuery(r, 0));
        try {
          parseQuery(text);
        } catch (err) {
          if (err instanceof QuerySyntaxError) continue; // e.g. a query that only excludes
          throw err;
        }
        subs.push({ id: `q${subs.length}`, query: text });
      }
      const compiled = compileMatcher(subs);
      const naive = compileNaiveMatcher(subs);
      let hits = 0;
      for (let i = 0; i < 150; i++) {
        const article = prepareArticle(randomText(r, 1 + Math.floor(r() * 6)), randomText(r, 5 + Math.floor(r() * 60)));
        const got = compiled.match(article);
        expect(got).toEqual(naive.match(article));
        hits += got.length;
      }
      // The generator must produce hits, or the comparison proves nothing.
      expect(hits).toBeGreaterThan(150);
    });
  }

  it('format → parse gives the same tree for random queries', () => {
    const r = createRandom(99);
    for (let i = 0; i < 500; i++) {
      const text = formatQuery(randomQuery(r, 0));
      let parsed: Query;
      try {
        parsed = parseQuery(text);
      } catch (err) {
        if (err instanceof QuerySyntaxError) continue;
        throw err;
      }
      expect(parseQuery(formatQuery(parsed))).toEqual(parsed);
    }
  });
});
