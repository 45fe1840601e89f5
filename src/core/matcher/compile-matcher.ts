/**
 * All subscriptions compiled together. Terms are interned and indexed by their first word (or its first
 * characters, for prefixes); an article's words are looked up once each, and only subscriptions with a
 * term that occurred have their boolean structure evaluated. Cost per article follows its length and the
 * number of hits, not the number of subscriptions.
 */
import { QuerySyntaxError, type Query } from '../query/query-ast.js';
import { parseQuery, assertLooksForSomething } from '../query/parse-query.js';
import { formatTerm, listPositiveTerms } from '../query/format-query.js';
import type { PreparedArticle } from './prepare-article.js';
import { findOccurrences, occursAt, toTermSpec, type TermSpec } from './term-spec.js';

export interface MatchHit {
  id: string;
  /** Terms as typed that occurred (excluded ones never), in query order, without duplicates. */
  matched: string[];
}

export interface Matcher {
  match(article: PreparedArticle): MatchHit[];
  readonly size: number;
}

export interface SubscriptionQuery {
  id: string;
  query: string | Query;
}

type Found = Int32Array;
type Evaluate = (found: Found, epoch: number) => boolean;

interface CompiledSub {
  id: string;
  evaluate: Evaluate;
  /** Positive terms: [term id, as typed], de-duplicated by display. */
  shown: Array<[number, string]>;
}

/** Terms keyed by a word of the text, split by view (0 = unaccented, 1 = case-folded only). */
interface WordIndex {
  exact: Map<string, number[]>;
  prefix: Map<string, number[]>;
  /** Key lengths present in `prefix` (3 for `Afghan*`, shorter for `.ne*`). */
  prefixLengths: number[];
}

export const PREFIX_KEY_CHARS = 3;

export function compileMatcher(subs: ReadonlyArray<SubscriptionQuery>): Matcher {
  return new CompiledMatcher(subs);
}

class CompiledMatcher implements Matcher {
  readonly size: number;
  private readonly specs: TermSpec[] = [];
  private readonly specIds = new Map<string, number>();
  private readonly subs: CompiledSub[] = [];
  /** term id → indexes of subscriptions where it is positive. */
  private readonly termSubs: number[][] = [];
  private readonly views: [WordIndex, WordIndex] = [newIndex(), newIndex()];
  /** Terms without a word character (`&`, `+`): scanned for in full. */
  private readonly scanned: number[] = [];
  private hasAccentedTerms = false;
  private found: Found = new Int32Array(0);
  private subStamp: Int32Array;
  private epoch = 0;

  constructor(input: ReadonlyArray<SubscriptionQuery>) {
    for (const sub of input) this.addSubscription(sub);
    this.size = this.subs.length;
    this.found = new Int32Array(this.specs.length);
    this.subStamp = new Int32Array(this.subs.length);
    for (const v of this.views) v.prefixLengths = [...new Set([...v.prefix.keys()].map((k) => k.length))];
  }

  private addSubscription(sub: SubscriptionQuery): void {
    let ast: Query;
    const text = typeof sub.query === 'string' ? sub.query : '';
    try {
      ast = typeof sub.query === 'string' ? parseQuery(sub.query) : sub.query;
      if (typeof sub.query !== 'string') assertLooksForSomething(ast, text);
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw new QuerySyntaxError(err.reason, err.column, err.query, sub.id);
      throw err;
    }
    const index = this.subs.length;
    const shown: Array<[number, string]> = [];
    const seenShown = new Set<string>();
    for (const term of listPositiveTerms(ast)) {
      const id = this.internTerm(term);
      const typed = formatTerm(term);
      if (!seenShown.has(typed)) {
        seenShown.add(typed);
        shown.push([id, typed]);
      }
      const list = this.termSubs[id]!;
      if (list[list.length - 1] !== index) list.push(index);
    }
    this.subs.push({ id: sub.id, evaluate: this.compileNode(ast), shown });
  }

  private internTerm(term: Extract<Query, { kind: 'term' }>): number {
    const spec = toTermSpec(term);
    const key = `${spec.accented ? 1 : 0}${spec.titleOnly ? 1 : 0}${spec.prefix ? 1 : 0}${spec.needle}`;
    let id = this.specIds.get(key);
    if (id !== undefined) return id;
    id = this.specs.length;
    this.specs.push(spec);
    this.specIds.set(key, id);
    this.termSubs.push([]);
    if (spec.accented) this.hasAccentedTerms = true;
    const view = this.views[spec.accented ? 1 : 0];
    if (spec.lead < 0) this.scanned.push(id);
    else if (spec.headIsPrefix) addTo(view.prefix, spec.head.slice(0, PREFIX_KEY_CHARS), id);
    else addTo(view.exact, spec.head, id);
    return id;
  }

  private compileNode(q: Query): Evaluate {
    switch (q.kind) {
      case 'term': {
        const id = this.internTerm(q);
        return (f, e) => f[id] === e;
      }
      case 'not': {
        const inner = this.compileNode(q.operand);
        return (f, e) => !inner(f, e);
      }
      case 'and': {
        const parts = q.operands.map((op) => this.compileNode(op));
        return (f, e) => parts.every((p) => p(f, e));
      }
      case 'or': {
        const parts = q.operands.map((op) => this.compileNode(op));
        return (f, e) => parts.some((p) => p(f, e));
      }
    }
  }

  match(article: PreparedArticle): MatchHit[] {
    if (this.epoch >= 0x7fffffff) {
      this.epoch = 0;
      this.found.fill(0);
      this.subStamp.fill(0);
    }
    const epoch = ++this.epoch;
    const hitTerms: number[] = [];
    this.scanView(article, article.unaccented, this.views[0], epoch, hitTerms);
    // An accented term can only occur where folding changed something.
    if (this.hasAccentedTerms && article.folded !== article.unaccented) {
      this.scanView(article, article.folded, this.views[1], epoch, hitTerms);
    }
    for (const id of this.scanned) {
      const spec = this.specs[id]!;
      const view = spec.accented ? article.folded : article.unaccented;
      if (findOccurrences(view, spec, article.titleEnd, true).length > 0) {
        this.found[id] = epoch;
        hitTerms.push(id);
      }
    }
    return this.evaluateCandidates(hitTerms, epoch);
  }

  private scanView(a: PreparedArticle, view: string, index: WordIndex, epoch: number, hitTerms: number[]): void {
    const { words, titleEnd } = a;
    const found = this.found;
    const specs = this.specs;
    const lengths = index.prefixLengths;
    for (let k = 0; k < words.length; k += 2) {
      const start = words[k]!;
      const end = words[k + 1]!;
      const word = view.slice(start, end);
      const exact = index.exact.get(word);
      if (exact !== undefined) {
        for (const id of exact) {
          if (found[id] === epoch) continue;
          const spec = specs[id]!;
          // A one-word term is the whole word: only title: needs checking.
          const ok = spec.needle.length === word.length && !spec.prefix
            ? !spec.titleOnly || end <= titleEnd
            : occursAt(view, start - spec.lead, spec, titleEnd);
          if (ok) {
            found[id] = epoch;
            hitTerms.push(id);
          }
        }
      }
      for (const len of lengths) {
        if (end - start < len) continue;
        const candidates = index.prefix.get(len === end - start ? word : view.slice(start, start + len));
        if (candidates === undefined) continue;
        for (const id of candidates) {
          if (found[id] !== epoch && occursAt(view, start - specs[id]!.lead, specs[id]!, titleEnd)) {
            found[id] = epoch;
            hitTerms.push(id);
          }
        }
      }
    }
  }

  private evaluateCandidates(hitTerms: number[], epoch: number): MatchHit[] {
    const candidates: number[] = [];
    for (const id of hitTerms) {
      for (const s of this.termSubs[id]!) {
        if (this.subStamp[s] !== epoch) {
          this.subStamp[s] = epoch;
          candidates.push(s);
        }
      }
    }
    candidates.sort((a, b) => a - b);
    const hits: MatchHit[] = [];
    for (const s of candidates) {
      const sub = this.subs[s]!;
      if (!sub.evaluate(this.found, epoch)) continue;
      const matched: string[] = [];
      for (const [id, typed] of sub.shown) if (this.found[id] === epoch) matched.push(typed);
      hits.push({ id: sub.id, matched });
    }
    return hits;
  }
}

function newIndex(): WordIndex {
  return { exact: new Map(), prefix: new Map(), prefixLengths: [] };
}

function addTo(map: Map<string, number[]>, key: string, id: number): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}
