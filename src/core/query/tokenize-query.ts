/**
 * Query string → tokens. Positions are UTF-16 indexes (fast); errors turn them into 1-based columns counted
 * in characters (code points), as a user sees them.
 */
import { QuerySyntaxError } from './query-ast.js';

export type QueryToken =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'eof'; at: number; typed: string }
  | { type: 'term'; at: number; typed: string; text: string; phrase: boolean; prefix: boolean; field: 'any' | 'title' };

const OPEN_QUOTES = '"“”„';
const CLOSE_QUOTES = '"“”';
function toKeyword(raw: string): 'and' | 'or' | 'not' | undefined {
  return raw === 'AND' ? 'and' : raw === 'OR' ? 'or' : raw === 'NOT' ? 'not' : undefined;
}
const UNICODE_SPACE = /\s/u;
export const MIN_PREFIX_CHARS = 3;
const NON_ASCII = /[^\x00-\x7f]/;

// normalize() is an ICU call; ASCII (most terms) is already NFC.
function toNFC(s: string): string {
  return NON_ASCII.test(s) ? s.normalize('NFC') : s;
}

/** 1-based column, in code points, of UTF-16 index `at`. */
export function columnAt(query: string, at: number): number {
  return Array.from(query.slice(0, at)).length + 1;
}

function isSpaceCode(c: number): boolean {
  if (c === 32) return true;
  if (c < 128) return c >= 9 && c <= 13;
  return UNICODE_SPACE.test(String.fromCharCode(c));
}

function endsTerm(c: number): boolean {
  return isSpaceCode(c) || c === 40 || c === 41 || OPEN_QUOTES.includes(String.fromCharCode(c));
}

export function tokenizeQuery(query: string): QueryToken[] {
  const n = query.length;
  const tokens: QueryToken[] = [];
  const fail = (reason: string, at: number): never => {
    throw new QuerySyntaxError(reason, columnAt(query, at), query);
  };
  let i = 0;
  while (i < n) {
    const c = query.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    if (c === 40 || c === 41) {
      tokens.push({ type: c === 40 ? 'lparen' : 'rparen', at: i, typed: query[i]! });
      i++;
      continue;
    }
    if (c === 45 /* - */) {
      const next = i + 1 < n ? query.charCodeAt(i + 1) : -1;
      if (next === -1 || isSpaceCode(next) || next === 41) fail('expected a term after "-"', i);
      tokens.push({ type: 'minus', at: i, typed: '-' });
      i++;
      continue;
    }
    const start = i;
    let field: 'any' | 'title' = 'any';
    if ((c === 116 || c === 84) && query.slice(i, i + 6).toLowerCase() === 'title:') {
      field = 'title';
      i += 6;
      if (i >= n || isSpaceCode(query.charCodeAt(i)) || query[i] === '(' || query[i] === ')') {
        fail('expected a term or phrase after "title:"', i);
      }
    }
    if (OPEN_QUOTES.includes(query[i]!)) {
      let j = i + 1;
      while (j < n && !CLOSE_QUOTES.includes(query[j]!)) j++;
      if (j >= n) fail('unterminated quote opened', i);
      const text = toNFC(query.slice(i + 1, j)).replace(/\s+/gu, ' ').trim();
      if (text === '') fail('empty phrase', i);
      tokens.push({ type: 'term', at: start, typed: query.slice(start, j + 1), text, phrase: true, prefix: false, field });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !endsTerm(query.charCodeAt(j))) j++;
    const raw = query.slice(i, j);
    // Compared, not looked up in an object: a property lookup by a fresh string interns it, for every term compiled.
    const keyword = field === 'any' ? toKeyword(raw) : undefined;
    if (keyword) {
      tokens.push({ type: keyword, at: start, typed: raw });
    } else {
      const prefix = raw.endsWith('*');
      const text = toNFC(prefix ? raw.slice(0, -1) : raw);
      if (prefix && Array.from(text).length < MIN_PREFIX_CHARS) {
        fail(`prefix "${raw}" needs at least ${MIN_PREFIX_CHARS} characters before "*"`, i);
      }
      tokens.push({ type: 'term', at: start, typed: query.slice(start, j), text, phrase: false, prefix, field });
    }
    i = j;
  }
  tokens.push({ type: 'eof', at: n, typed: '' });
  return tokens;
}
