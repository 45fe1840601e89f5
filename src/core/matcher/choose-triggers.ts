/** Which terms make the matcher look at a subscription at all. */
import type { Query, TermNode } from '../query/query-ast.js';

/**
 * Terms of which at least one occurs in every article the query matches: a term stands for itself, OR needs
 * every branch's triggers, AND needs only one operand's (the cheapest). Null when no such set is known (a
 * negated group); the caller then uses every positive term, which is always safe.
 * `Taliban (attack OR raid)` triggers on Taliban only, instead of on every story with "attack".
 */
export function chooseTriggers(q: Query, negated: boolean): TermNode[] | null {
  switch (q.kind) {
    case 'term':
      return negated ? null : [q];
    case 'not':
      return q.operand.kind === 'not' ? chooseTriggers(q.operand.operand, negated) : negated ? chooseTriggers(q.operand, false) : null;
    case 'or': {
      if (negated) return null;
      const all: TermNode[] = [];
      for (const op of q.operands) {
        const t = chooseTriggers(op, false);
        if (t === null) return null;
        all.push(...t);
      }
      return all;
    }
    case 'and': {
      if (negated) return null;
      let best: TermNode[] | null = null;
      let bestCost = Infinity;
      for (const op of q.operands) {
        const t = chooseTriggers(op, false);
        if (t === null) continue;
        const cost = t.reduce((sum, term) => sum + guessFrequency(term), 0);
        if (cost < bestCost) {
          best = t;
          bestCost = cost;
        }
      }
      return best;
    }
  }
}

/**
 * A guess at how often a term occurs, only to pick triggers: phrases are rare, capitalised or punctuated terms
 * (names, `9/11`) rarer than lower-case words (`attack`), short words and prefixes common.
 */
function guessFrequency(t: TermNode): number {
  let cost = t.text.includes(' ') ? 1 : /[\p{Lu}\p{N}\p{P}\p{S}]/u.test(t.text) ? 2 : 4;
  if (t.prefix) cost += 2;
  if (t.text.length < 4) cost += 2;
  return cost;
}
