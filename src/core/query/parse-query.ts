/**
 * Recursive-descent parser. Precedence: NOT (and leading -) binds tightest, then AND (also implicit by
 * juxtaposition), then OR: `Taliban Kabul OR Bagram` = `(Taliban AND Kabul) OR Bagram`.
 */
import { QuerySyntaxError, type Query, type TermNode } from './query-ast.js';
import { columnAt, tokenizeQuery, type QueryToken } from './tokenize-query.js';

export { QuerySyntaxError } from './query-ast.js';
export type { Query, TermNode, NotNode, AndNode, OrNode } from './query-ast.js';
export { formatQuery, formatTerm, listQueryTerms } from './format-query.js';

const MAX_DEPTH = 32;

export function parseQuery(query: string): Query {
  const tokens = tokenizeQuery(query);
  if (tokens.length === 1) throw new QuerySyntaxError('empty query', 1, query);
  const parser = new QueryParser(tokens, query);
  const ast = parser.parseOr(0);
  const rest = parser.peek();
  if (rest.type !== 'eof') parser.fail(`unexpected "${rest.typed}"`, rest);
  assertLooksForSomething(ast, query);
  return ast;
}

class QueryParser {
  private pos = 0;
  constructor(
    private readonly tokens: QueryToken[],
    private readonly query: string,
  ) {}

  peek(): QueryToken {
    return this.tokens[this.pos]!;
  }

  fail(reason: string, token: QueryToken): never {
    throw new QuerySyntaxError(reason, columnAt(this.query, token.at), this.query);
  }

  parseOr(depth: number): Query {
    const operands = [this.parseAnd(depth)];
    while (this.peek().type === 'or') {
      this.pos++;
      operands.push(this.parseAnd(depth));
    }
    return combine('or', operands);
  }

  private parseAnd(depth: number): Query {
    const operands = [this.parseUnary(depth)];
    for (;;) {
      const t = this.peek();
      if (t.type === 'and') {
        this.pos++;
        operands.push(this.parseUnary(depth));
      } else if (t.type === 'term' || t.type === 'lparen' || t.type === 'not' || t.type === 'minus') {
        operands.push(this.parseUnary(depth));
      } else {
        return combine('and', operands);
      }
    }
  }

  private parseUnary(depth: number): Query {
    const t = this.peek();
    if (t.type === 'not' || t.type === 'minus') {
      if (depth >= MAX_DEPTH) this.fail('query nested too deeply', t);
      this.pos++;
      return { kind: 'not', operand: this.parseUnary(depth + 1) };
    }
    return this.parsePrimary(depth);
  }

  private parsePrimary(depth: number): Query {
    const t = this.peek();
    switch (t.type) {
      case 'term': {
        this.pos++;
        const node: TermNode = { kind: 'term', text: t.text, phrase: t.phrase, prefix: t.prefix, field: t.field };
        return node;
      }
      case 'lparen': {
        if (depth >= MAX_DEPTH) this.fail('query nested too deeply', t);
        this.pos++;
        const inner = this.parseOr(depth + 1);
        if (this.peek().type !== 'rparen') this.fail('missing ")" for "("', t);
        this.pos++;
        return inner;
      }
      case 'eof':
        return this.fail('unexpected end of query', t);
      default:
        return this.fail(`unexpected "${t.typed}"`, t);
    }
  }
}

function combine(kind: 'and' | 'or', operands: Query[]): Query {
  if (operands.length === 1) return operands[0]!;
  const flat: Query[] = [];
  for (const op of operands) {
    if (op.kind === kind) flat.push(...op.operands);
    else flat.push(op);
  }
  return { kind, operands: flat };
}

/**
 * A query true for an article that holds none of its terms (`-Kabul`, `Taliban OR -Kabul`) would alert on
 * nearly everything. Rejecting it also lets the matcher look only at subscriptions whose terms occurred.
 */
export function assertLooksForSomething(ast: Query, query: string): void {
  if (evaluateWithNoTerms(ast)) {
    throw new QuerySyntaxError('query only excludes: it needs a term to look for', 1, query);
  }
}

function evaluateWithNoTerms(q: Query): boolean {
  switch (q.kind) {
    case 'term':
      return false;
    case 'not':
      return !evaluateWithNoTerms(q.operand);
    case 'and':
      return q.operands.every(evaluateWithNoTerms);
    case 'or':
      return q.operands.some(evaluateWithNoTerms);
  }
}
