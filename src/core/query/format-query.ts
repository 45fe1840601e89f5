/** Canonical display of a parsed query; parseQuery(formatQuery(q)) gives q back. */
import type { Query, TermNode } from './query-ast.js';

// A bare term holding any of these would be read back differently, so it is shown in quotes.
const NEEDS_QUOTES = /[\s()"“”„]/u;

/** One term as typed: `Taliban`, `"Bagram air base"`, `Afghan*`, `title:Taliban`. */
export function formatTerm(t: TermNode): string {
  const quoted =
    t.phrase ||
    NEEDS_QUOTES.test(t.text) ||
    t.text === 'AND' ||
    t.text === 'OR' ||
    t.text === 'NOT' ||
    t.text.startsWith('-') ||
    /^title:/i.test(t.text) ||
    (!t.prefix && t.text.endsWith('*'));
  const body = quoted ? `"${t.text}"` : t.text;
  return `${t.field === 'title' ? 'title:' : ''}${body}${t.prefix && !quoted ? '*' : ''}`;
}

export function formatQuery(q: Query): string {
  switch (q.kind) {
    case 'term':
      return formatTerm(q);
    case 'not':
      return `-${q.operand.kind === 'term' || q.operand.kind === 'not' ? formatQuery(q.operand) : `(${formatQuery(q.operand)})`}`;
    case 'and':
      return q.operands.map((op) => (op.kind === 'or' ? `(${formatQuery(op)})` : formatQuery(op))).join(' ');
    case 'or':
      return q.operands.map((op) => (op.kind === 'or' ? `(${formatQuery(op)})` : formatQuery(op))).join(' OR ');
  }
}

/** Terms and phrases as typed, in query order, without duplicates (excluded terms included). */
export function listQueryTerms(q: Query): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (node: Query): void => {
    if (node.kind === 'term') {
      const s = formatTerm(node);
      if (!seen.has(s)) {
        seen.add(s);
        out.push(s);
      }
    } else if (node.kind === 'not') {
      visit(node.operand);
    } else {
      node.operands.forEach(visit);
    }
  };
  visit(q);
  return out;
}

/** Terms in a position that makes a query match (not under an odd number of NOTs), as typed, in order. */
export function listPositiveTerms(q: Query): TermNode[] {
  const out: TermNode[] = [];
  const visit = (node: Query, negated: boolean): void => {
    if (node.kind === 'term') {
      if (!negated) out.push(node);
    } else if (node.kind === 'not') {
      visit(node.operand, !negated);
    } else {
      for (const op of node.operands) visit(op, negated);
    }
  };
  visit(q, false);
  return out;
}
