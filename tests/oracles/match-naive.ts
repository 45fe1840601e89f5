/**
 * The baseline: one whole-word regular expression per term of every subscription, run over the title and the
 * body of each article, and the query tree walked as parsed. Slow on purpose and written apart from the
 * compiled matcher (no shared index, spans, or term interning), so tests and the benchmark can compare them.
 */
import { parseQuery } from '../../src/core/query/parse-query.js';
import { formatTerm } from '../../src/core/query/format-query.js';
import type { Query, TermNode } from '../../src/core/query/query-ast.js';
import { foldAccents, foldCase, hasAccents } from '../../src/core/text/fold.js';
import type { MatchHit, Matcher, SubscriptionQuery } from '../../src/core/matcher/compile-matcher.js';
import type { PreparedArticle } from '../../src/core/matcher/prepare-article.js';

// The whole-word test as the issue states it: the characters around a hit are no letter, digit or underscore
// (combining marks count as part of the letter before them).
const WORD_CHAR = /^[\p{L}\p{N}\p{M}_]$/u;

interface NaiveTerm {
  node: TermNode;
  /** The literal term; a Unicode class in every one of 100,000 regexes would cost gigabytes of compiled code. */
  regex: RegExp;
  accented: boolean;
}

interface NaiveSub {
  id: string;
  ast: Query;
  terms: Map<TermNode, NaiveTerm>;
}

export function compileNaiveMatcher(subs: ReadonlyArray<SubscriptionQuery>): Matcher {
  const compiled: NaiveSub[] = subs.map((s) => {
    const ast = typeof s.query === 'string' ? parseQuery(s.query) : s.query;
    const terms = new Map<TermNode, NaiveTerm>();
    collectTerms(ast, (node) => terms.set(node, toNaiveTerm(node)));
    return { id: s.id, ast, terms };
  });
  return {
    size: compiled.length,
    match(article: PreparedArticle): MatchHit[] {
      const titleCased = foldCase(article.title);
      const bodyCased = foldCase(article.text);
      const views = {
        cased: [titleCased, bodyCased],
        plain: [foldAccents(titleCased), foldAccents(bodyCased)],
      };
      const hits: MatchHit[] = [];
      for (const sub of compiled) {
        const occurs = (node: TermNode): boolean => {
          const t = sub.terms.get(node)!;
          const [title, body] = t.accented ? views.cased : views.plain;
          return occursIn(t, title!) || (node.field === 'any' && occursIn(t, body!));
        };
        if (!evaluate(sub.ast, occurs)) continue;
        const matched: string[] = [];
        collectPositive(sub.ast, false, (node) => {
          const typed = formatTerm(node);
          if (!matched.includes(typed) && occurs(node)) matched.push(typed);
        });
        hits.push({ id: sub.id, matched });
      }
      return hits;
    },
  };
}

function toNaiveTerm(node: TermNode): NaiveTerm {
  const cased = foldCase(node.text);
  const accented = hasAccents(cased);
  const needle = accented ? cased : foldAccents(cased);
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { node, regex: new RegExp(escaped, 'g'), accented };
}

function occursIn(t: NaiveTerm, text: string): boolean {
  t.regex.lastIndex = 0;
  for (let m = t.regex.exec(text); m !== null; m = t.regex.exec(text)) {
    const before = Array.from(text.slice(Math.max(0, m.index - 2), m.index)).pop();
    const after = Array.from(text.slice(m.index + m[0].length, m.index + m[0].length + 2))[0];
    if (before !== undefined && WORD_CHAR.test(before)) {
      t.regex.lastIndex = m.index + 1;
      continue;
    }
    if (!t.node.prefix && after !== undefined && WORD_CHAR.test(after)) {
      t.regex.lastIndex = m.index + 1;
      continue;
    }
    return true;
  }
  return false;
}

function evaluate(q: Query, occurs: (t: TermNode) => boolean): boolean {
  switch (q.kind) {
    case 'term':
      return occurs(q);
    case 'not':
      return !evaluate(q.operand, occurs);
    case 'and':
      return q.operands.every((op) => evaluate(op, occurs));
    case 'or':
      return q.operands.some((op) => evaluate(op, occurs));
  }
}

function collectTerms(q: Query, visit: (t: TermNode) => void): void {
  if (q.kind === 'term') visit(q);
  else if (q.kind === 'not') collectTerms(q.operand, visit);
  else for (const op of q.operands) collectTerms(op, visit);
}

function collectPositive(q: Query, negated: boolean, visit: (t: TermNode) => void): void {
  if (q.kind === 'term') {
    if (!negated) visit(q);
  } else if (q.kind === 'not') collectPositive(q.operand, !negated, visit);
  else for (const op of q.operands) collectPositive(op, negated, visit);
}
