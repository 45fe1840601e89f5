import { describe, expect, it } from 'vitest';
import { formatQuery, listQueryTerms, parseQuery, QuerySyntaxError, type Query } from '../../../src/core/query/parse-query.js';

const term = (text: string, extra: Partial<Extract<Query, { kind: 'term' }>> = {}): Query => ({
  kind: 'term', text, phrase: false, prefix: false, field: 'any', ...extra,
});
const and = (...operands: Query[]): Query => ({ kind: 'and', operands });
const or = (...operands: Query[]): Query => ({ kind: 'or', operands });
const not = (operand: Query): Query => ({ kind: 'not', operand });

describe('parseQuery', () => {
  const cases: Array<[string, Query]> = [
    ['Taliban', term('Taliban')],
    ['Mazar-i-Sharif', term('Mazar-i-Sharif')],
    ['Q&A 9/11 al-Qaeda', and(term('Q&A'), term('9/11'), term('al-Qaeda'))],
    ['"Bagram air base"', term('Bagram air base', { phrase: true })],
    ['“Bagram   air base”', term('Bagram air base', { phrase: true })],
    ['"Q&A"', term('Q&A', { phrase: true })],
    ['Taliban Kabul', and(term('Taliban'), term('Kabul'))],
    ['Taliban AND Kabul', and(term('Taliban'), term('Kabul'))],
    ['Taliban OR Kabul', or(term('Taliban'), term('Kabul'))],
    ['Taliban or Kabul', and(term('Taliban'), term('or'), term('Kabul'))],
    ['Taliban Kabul OR Bagram', or(and(term('Taliban'), term('Kabul')), term('Bagram'))],
    ['Taliban (Kabul OR Bagram)', and(term('Taliban'), or(term('Kabul'), term('Bagram')))],
    ['Taliban -Pakistan', and(term('Taliban'), not(term('Pakistan')))],
    ['Taliban NOT Pakistan', and(term('Taliban'), not(term('Pakistan')))],
    ['NOT Pakistan Taliban OR Kabul', or(and(not(term('Pakistan')), term('Taliban')), term('Kabul'))],
    ['Taliban -(Pakistan OR Iran)', and(term('Taliban'), not(or(term('Pakistan'), term('Iran'))))],
    ['Afghan*', term('Afghan', { prefix: true })],
    ['title:Taliban', term('Taliban', { field: 'title' })],
    ['title:"air base"', term('air base', { phrase: true, field: 'title' })],
    ['title:Afghan* -title:Pakistan', and(term('Afghan', { prefix: true, field: 'title' }), not(term('Pakistan', { field: 'title' })))],
    ['a OR b OR c', or(term('a'), term('b'), term('c'))],
    ['(a OR b) OR (c d)', or(term('a'), term('b'), and(term('c'), term('d')))],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it('keeps characters inside a term literal, including a middle *', () => {
    expect(parseQuery('9*11')).toEqual(term('9*11'));
  });

  it('treats a NBSP as whitespace between terms', () => {
    expect(parseQuery('Taliban\u00a0Kabul')).toEqual(and(term('Taliban'), term('Kabul')));
  });
});

describe('query errors', () => {
  const errors: Array<[string, string, number]> = [
    ['', 'empty query', 1],
    ['   ', 'empty query', 1],
    ['-Kabul', 'query only excludes: it needs a term to look for', 1],
    ['NOT Kabul NOT Kandahar', 'query only excludes: it needs a term to look for', 1],
    ['Taliban OR -Kabul', 'query only excludes: it needs a term to look for', 1],
    ['Taliban Kabul)', 'unexpected ")"', 14],
    ['(Taliban Kabul', 'missing ")" for "("', 1],
    ['Taliban (Kabul OR (Bagram)', 'missing ")" for "("', 9],
    ['()', 'unexpected ")"', 2],
    ['"Bagram air base', 'unterminated quote opened', 1],
    ['Taliban "air', 'unterminated quote opened', 9],
    ['""', 'empty phrase', 1],
    ['Af*', 'prefix "Af*" needs at least 3 characters before "*"', 1],
    ['Taliban *', 'prefix "*" needs at least 3 characters before "*"', 9],
    ['OR Taliban', 'unexpected "OR"', 1],
    ['Taliban OR', 'unexpected end of query', 11],
    ['Taliban AND OR Kabul', 'unexpected "OR"', 13],
    ['Taliban NOT', 'unexpected end of query', 12],
    ['Taliban -', 'expected a term after "-"', 9],
    ['title: Taliban', 'expected a term or phrase after "title:"', 7],
    ['title:(a b)', 'expected a term or phrase after "title:"', 7],
    ['((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))', 'query nested too deeply', 33],
  ];
  it.each(errors)('%j → %s at column %i', (input, reason, column) => {
    let caught: unknown;
    try {
      parseQuery(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(QuerySyntaxError);
    const e = caught as QuerySyntaxError;
    expect(e.reason).toBe(reason);
    expect(e.column).toBe(column);
    expect(e.query).toBe(input);
    expect(e.message).toBe(`${reason} at column ${column}`);
  });

  it('counts columns in characters, not UTF-16 units', () => {
    expect(() => parseQuery('🇦🇫 Kābul)')).toThrow('unexpected ")" at column 9');
  });
});

describe('formatQuery', () => {
  const cases: Array<[string, string]> = [
    ['Taliban  Kabul', 'Taliban Kabul'],
    ['Taliban AND Kabul OR Bagram', 'Taliban Kabul OR Bagram'],
    ['Taliban (Kabul OR Bagram)', 'Taliban (Kabul OR Bagram)'],
    ['“Bagram air base”', '"Bagram air base"'],
    ['Taliban NOT Pakistan', 'Taliban -Pakistan'],
    ['Taliban -(Pakistan OR Iran)', 'Taliban -(Pakistan OR Iran)'],
    ['Title:Afghan*', 'title:Afghan*'],
    ['"OR" Oregon', '"OR" Oregon'],
    ['Taliban NOT NOT Kabul', 'Taliban --Kabul'],
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(formatQuery(parseQuery(input))).toBe(expected);
    expect(parseQuery(formatQuery(parseQuery(input)))).toEqual(parseQuery(input));
  });

  it('quotes bare terms that would read back differently', () => {
    expect(formatQuery(term('OR'))).toBe('"OR"');
    expect(formatQuery(term('a b'))).toBe('"a b"');
    expect(formatQuery(term('-x'))).toBe('"-x"');
    expect(formatQuery(term('x*'))).toBe('"x*"');
  });
});

describe('listQueryTerms', () => {
  it('lists terms as typed, in order, once', () => {
    expect(listQueryTerms(parseQuery('Taliban ("Bagram air base" OR Afghan*) -Pakistan title:Kabul Taliban'))).toEqual([
      'Taliban', '"Bagram air base"', 'Afghan*', 'Pakistan', 'title:Kabul',
    ]);
  });
});
