/**
 * All subscriptions compiled together. Terms are interned and indexed by their first word (or its first
 * characters, for prefixes); an article's words are looked up once each, and only subscriptions with a
 * term that occurred have their boolean structure evaluated. Cost per article follows its length and the
 * number of hits, not the number of subscriptions.
 */
import { QuerySyntaxError, type Query } from '../query/query-ast.js';
import { parseQuery, assertLooksForSomething } from '../query/parse-query.js';
import { formatTerm, listPositiveTerms } from '../query/format-query.js';
import { PREFIX_UNITS, WORD_STRIDE, type PreparedArticle } from './prepare-article.js';
import { findOccurrences, occursAt, toTermSpec, type TermSpec } from './term-spec.js';
import { hashSpan, WordTable } from './word-table.js';
import { chooseTriggers } from './choose-triggers.js';

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

/**
 * Terms keyed by the unaccented form of their first word, so one pass over the article's (unaccented) words
 * finds all of them; accented terms are then checked against the case-folded view.
 */
interface HeadEntry {
  /** Terms whose first word is this word and that have no (whole) second word. */
  ids: number[];
  /** Terms of two or more words, by the hash of their second word: a phrase is checked only when both occur. */
  pairs: Map<number, number[]> | null;
}

interface WordIndex {
  exact: WordTable<HeadEntry>;
  /** Keyed by the first PREFIX_UNITS units of the head, or the whole head when shorter (`.ne*`). */
  prefix: WordTable<number[]>;
  /** Key lengths present in `prefix` other than PREFIX_UNITS. */
  shortPrefixLengths: number[];
  hasPrefixes: boolean;
}

export function compileMatcher(subs: ReadonlyArray<SubscriptionQuery>): Matcher {
  return new CompiledMatcher(subs);
}

class CompiledMatcher implements Matcher {
  readonly size: number;
  private readonly specs: TermSpec[] = [];
  private readonly specIds = new Map<string, number>();
  /** By [title?][prefix?] then text as typed. */
  private readonly typedIds = [0, 1, 2, 3].map(() => new Map<string, number>());
  private readonly subs: CompiledSub[] = [];
  /** term id → indexes of subscriptions it triggers (evaluated when it occurs). */
  private readonly termSubs: number[][] = [];
  private readonly index: WordIndex = newIndex();
  /** Terms without a word character (`&`, `+`): scanned for in full. */
  private readonly scanned: number[] = [];
  private found: Found = new Int32Array(0);
  private subStamp: Int32Array;
  private epoch = 0;

  constructor(input: ReadonlyArray<SubscriptionQuery>) {
    for (const sub of input) this.addSubscription(sub);
    this.size = this.subs.length;
    this.found = new Int32Array(this.specs.length);
    this.subStamp = new Int32Array(this.subs.length);
    this.index.shortPrefixLengths = this.index.prefix.keyLengths().filter((len) => len !== PREFIX_UNITS);
    this.index.hasPrefixes = this.index.prefix.size > 0;
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
    for (const term of listPositiveTerms(ast)) {
      const id = this.internTerm(term);
      const typed = formatTerm(term);
      if (!shown.some(([, t]) => t === typed)) shown.push([id, typed]);
    }
    // Evaluate the subscription only when one of its trigger terms occurred (see chooseTriggers).
    const triggers = chooseTriggers(ast, false) ?? listPositiveTerms(ast);
    for (const term of triggers) {
      const list = this.termSubs[this.internTerm(term)]!;
      if (list[list.length - 1] !== index) list.push(index);
    }
    this.subs.push({ id: sub.id, evaluate: this.compileNode(ast), shown });
  }

  private internTerm(term: Extract<Query, { kind: 'term' }>): number {
    // Most terms repeat as typed: skip folding for those.
    const typedIds = this.typedIds[(term.field === 'title' ? 2 : 0) + (term.prefix ? 1 : 0)]!;
    let id = typedIds.get(term.text);
    if (id !== undefined) return id;
    const spec = toTermSpec(term);
    const key = `${spec.accented ? 1 : 0}${spec.titleOnly ? 1 : 0}${spec.prefix ? 1 : 0}${spec.needle}`;
    id = this.specIds.get(key);
    if (id !== undefined) {
      typedIds.set(term.text, id);
      return id;
    }
    id = this.specs.length;
    this.specs.push(spec);
    this.specIds.set(key, id);
    typedIds.set(term.text, id);
    this.termSubs.push([]);
    if (spec.lead < 0) this.scanned.push(id);
    else if (spec.headIsPrefix) this.index.prefix.upsert(spec.indexKey.slice(0, PREFIX_UNITS), () => []).push(id);
    else {
      const entry = this.index.exact.upsert(spec.indexKey, () => ({ ids: [], pairs: null }));
      if (spec.secondKey === null) entry.ids.push(id);
      else {
        entry.pairs ??= new Map();
        const h = hashSpan(spec.secondKey, 0, spec.secondKey.length);
        const list = entry.pairs.get(h);
        if (list) list.push(id);
        else entry.pairs.set(h, [id]);
      }
    }
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
        return (f, e) => {
          for (const p of parts) if (!p(f, e)) return false;
          return true;
        };
      }
      case 'or': {
        const parts = q.operands.map((op) => this.compileNode(op));
        return (f, e) => {
          for (const p of parts) if (p(f, e)) return true;
          return false;
        };
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
    this.scanWords(article, epoch, hitTerms);
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

  private scanWords(a: PreparedArticle, epoch: number, hitTerms: number[]): void {
    const { words, unaccented } = a;
    const { exact, prefix, shortPrefixLengths, hasPrefixes } = this.index;
    for (let k = 0; k < words.length; k += WORD_STRIDE) {
      const start = words[k]!;
      const end = words[k + 1]!;
      const entry = exact.find(words[k + 2]!, unaccented, start, end);
      if (entry !== undefined) {
        if (entry.ids.length > 0) this.checkTerms(entry.ids, a, start, end, epoch, hitTerms);
        if (entry.pairs !== null && k + WORD_STRIDE < words.length) {
          const pair = entry.pairs.get(words[k + WORD_STRIDE + 2]!);
          if (pair !== undefined) this.checkTerms(pair, a, start, end, epoch, hitTerms);
        }
      }
      if (!hasPrefixes) continue;
      if (end - start >= PREFIX_UNITS) {
        const candidates = prefix.find(words[k + 3]!, unaccented, start, start + PREFIX_UNITS);
        if (candidates !== undefined) this.checkTerms(candidates, a, start, end, epoch, hitTerms);
      }
      for (const len of shortPrefixLengths) {
        if (end - start < len) continue;
        const candidates = prefix.find(hashSpan(unaccented, start, start + len), unaccented, start, start + len);
        if (candidates !== undefined) this.checkTerms(candidates, a, start, end, epoch, hitTerms);
      }
    }
  }

  private checkTerms(ids: number[], a: PreparedArticle, start: number, end: number, epoch: number, hitTerms: number[]): void {
    const found = this.found;
    for (const id of ids) {
      if (found[id] === epoch) continue;
      const spec = this.specs[id]!;
      // A one-word unaccented term equal to the whole word: only title: needs checking.
      const ok = spec.lead === 0 && spec.needle.length === end - start && !spec.prefix && !spec.accented
        ? !spec.titleOnly || end <= a.titleEnd
        : occursAt(spec.accented ? a.folded : a.unaccented, start - spec.lead, spec, a.titleEnd);
      if (ok) {
        found[id] = epoch;
        hitTerms.push(id);
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
  return { exact: new WordTable(), prefix: new WordTable(), shortPrefixLengths: [], hasPrefixes: false };
}
