/** Query string → tokens with 1-based columns. Columns count characters (code points), as a user sees them. */
import { QuerySyntaxError } from './query-ast.js';

export type QueryToken =
  | { type: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'minus' | 'eof'; column: number; typed: string }
  | { type: 'term'; column: number; typed: string; text: string; phrase: boolean; prefix: boolean; field: 'any' | 'title' };

const SPACE = /^\s$/u;
const OPEN_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSE_QUOTES = new Set(['"', '“', '”']);
const KEYWORDS: Record<string, 'and' | 'or' | 'not'> = { AND: 'and', OR: 'or', NOT: 'not' };
export const MIN_PREFIX_CHARS = 3;

function isSpace(c: string | undefined): boolean {
  return c !== undefined && SPACE.test(c);
}

function endsTerm(c: string): boolean {
  return isSpace(c) || c === '(' || c === ')' || OPEN_QUOTES.has(c);
}

export function tokenizeQuery(query: string): QueryToken[] {
  const cps = Array.from(query);
  const n = cps.length;
  const tokens: QueryToken[] = [];
  const fail = (reason: string, index: number): never => {
    throw new QuerySyntaxError(reason, index + 1, query);
  };
  let i = 0;
  while (i < n) {
    const c = cps[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', column: i + 1, typed: c });
      i++;
      continue;
    }
    if (c === '-') {
      const next = cps[i + 1];
      if (next === undefined || isSpace(next) || next === ')') fail('expected a term after "-"', i);
      tokens.push({ type: 'minus', column: i + 1, typed: '-' });
      i++;
      continue;
    }
    const start = i;
    let field: 'any' | 'title' = 'any';
    if (cps.slice(i, i + 6).join('').toLowerCase() === 'title:') {
      field = 'title';
      i += 6;
      const next = cps[i];
      if (next === undefined || isSpace(next) || next === '(' || next === ')') {
        fail('expected a term or phrase after "title:"', i);
      }
    }
    if (OPEN_QUOTES.has(cps[i]!)) {
      let j = i + 1;
      while (j < n && !CLOSE_QUOTES.has(cps[j]!)) j++;
      if (j >= n) fail('unterminated quote opened', i);
      const text = cps.slice(i + 1, j).join('').normalize('NFC').replace(/\s+/gu, ' ').trim();
      if (text === '') fail('empty phrase', i);
      tokens.push({ type: 'term', column: start + 1, typed: cps.slice(start, j + 1).join(''), text, phrase: true, prefix: false, field });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < n && !endsTerm(cps[j]!)) j++;
    const raw = cps.slice(i, j).join('');
    const keyword = field === 'any' ? KEYWORDS[raw] : undefined;
    if (keyword) {
      tokens.push({ type: keyword, column: start + 1, typed: raw });
    } else {
      const prefix = raw.endsWith('*');
      const text = (prefix ? raw.slice(0, -1) : raw).normalize('NFC');
      if (prefix && Array.from(text).length < MIN_PREFIX_CHARS) {
        fail(`prefix "${raw}" needs at least ${MIN_PREFIX_CHARS} characters before "*"`, i);
      }
      tokens.push({ type: 'term', column: start + 1, typed: cps.slice(start, j).join(''), text, phrase: false, prefix, field });
    }
    i = j;
  }
  tokens.push({ type: 'eof', column: n + 1, typed: '' });
  return tokens;
}
