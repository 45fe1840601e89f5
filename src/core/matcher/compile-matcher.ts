/**
 * All subscriptions compiled together. Terms are interned and indexed by their first word (see TermIndex); an
 * article's words are looked up once each, and only queries with a trigger term that occurred are evaluated.
 * Identical query texts are compiled once and shared by their subscriptions. Cost per article follows its
 * length and the number of hits, not the number of subscriptions.
 */
import { QuerySyntaxError, type Query } from '../query/query-ast.js';
import { parseQuery, assertLooksForSomething } from '../query/parse-query.js';
import { formatTerm, listPositiveTerms } from '../query/format-query.js';
import type { PreparedArticle } from './prepare-article.js';
import { chooseTriggers } from './choose-triggers.js';
import { holdsOnAnyTerm, ProgramStore } from './query-program.js';
import { TermIndex } from './term-index.js';

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

/** One distinct query, shared by every subscription that typed the same text. */
interface CompiledQuery {
  /** Program range in the ProgramStore; start -1 when the query holds whenever it is triggered. */
  start: number;
  end: number;
  /** Positive terms, de-duplicated by display: term ids and the terms as typed. */
  shownIds: number[];
  shownTyped: string[];
  /** Subscriptions (indexes) with this query, ascending. */
  subs: number[];
}

export function compileMatcher(subs: ReadonlyArray<SubscriptionQuery>): Matcher {
  return new CompiledMatcher(subs);
}

class CompiledMatcher implements Matcher {
  readonly size: number;
  private readonly terms = new TermIndex();
  private readonly programs = new ProgramStore();
  private readonly queries: CompiledQuery[] = [];
  private readonly queryByText = new Map<string, number>();
  private readonly subIds: string[] = [];
  /** Subscription index → its query. */
  private readonly querySub: number[] = [];
  /** term id → queries it triggers, as [offset, offset+1) ranges into triggerList. */
  private triggerOffsets = new Int32Array(0);
  private triggerList = new Int32Array(0);
  /** Per term id: the article stamp when it last occurred. */
  private found = new Int32Array(0);
  private queryStamp = new Int32Array(0);
  private epoch = 0;
  /** Reused per article: terms that occurred, and subscriptions that hold. */
  private readonly hitTerms: number[] = [];
  private hitSubs = new Int32Array(64);

  constructor(input: ReadonlyArray<SubscriptionQuery>) {
    const triggers: number[][] = [];
    for (const sub of input) this.addSubscription(sub, triggers);
    this.size = this.subIds.length;
    this.terms.finish();
    this.buildTriggerLists(triggers);
    this.found = new Int32Array(this.terms.size);
    this.queryStamp = new Int32Array(this.queries.length);
  }

  private addSubscription(sub: SubscriptionQuery, triggers: number[][]): void {
    const index = this.subIds.length;
    this.subIds.push(sub.id);
    if (typeof sub.query === 'string') {
      const known = this.queryByText.get(sub.query);
      if (known !== undefined) {
        this.queries[known]!.subs.push(index);
        this.querySub.push(known);
        return;
      }
    }
    let ast: Query;
    try {
      ast = typeof sub.query === 'string' ? parseQuery(sub.query) : sub.query;
      if (typeof sub.query !== 'string') assertLooksForSomething(ast, '');
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw new QuerySyntaxError(err.reason, err.column, err.query, sub.id);
      throw err;
    }
    const q = this.queries.length;
    this.querySub.push(q);
    if (typeof sub.query === 'string') this.queryByText.set(sub.query, q);
    const shownIds: number[] = [];
    const shownTyped: string[] = [];
    for (const term of listPositiveTerms(ast)) {
      const typed = formatTerm(term);
      if (shownTyped.includes(typed)) continue;
      shownIds.push(this.terms.intern(term));
      shownTyped.push(typed);
    }
    const [start, end] = holdsOnAnyTerm(ast) ? [-1, -1] : this.programs.add(ast, (t) => this.terms.intern(t));
    this.queries.push({ start, end, shownIds, shownTyped, subs: [index] });
    // Evaluate the query only when one of its trigger terms occurred (see chooseTriggers).
    for (const term of chooseTriggers(ast, false) ?? listPositiveTerms(ast)) {
      const id = this.terms.intern(term);
      const list = (triggers[id] ??= []);
      if (list[list.length - 1] !== q) list.push(q);
    }
  }

  private buildTriggerLists(triggers: number[][]): void {
    const n = this.terms.size;
    this.triggerOffsets = new Int32Array(n + 1);
    let total = 0;
    for (let id = 0; id < n; id++) {
      this.triggerOffsets[id] = total;
      total += triggers[id]?.length ?? 0;
    }
    this.triggerOffsets[n] = total;
    this.triggerList = new Int32Array(total);
    for (let id = 0; id < n; id++) {
      const list = triggers[id];
      if (list) this.triggerList.set(list, this.triggerOffsets[id]!);
    }
  }

  match(article: PreparedArticle): MatchHit[] {
    if (this.epoch >= 0x7fffffff) {
      this.epoch = 0;
      this.found.fill(0);
      this.queryStamp.fill(0);
    }
    const epoch = ++this.epoch;
    const hitTerms = this.hitTerms;
    hitTerms.length = 0;
    this.terms.scan(article, this.found, epoch, hitTerms);
    return hitTerms.length === 0 ? [] : this.collectHits(hitTerms, epoch);
  }

  private collectHits(hitTerms: number[], epoch: number): MatchHit[] {
    const { found, queryStamp, triggerOffsets, triggerList, queries, programs } = this;
    let held = 0;
    for (let t = 0; t < hitTerms.length; t++) {
      const id = hitTerms[t]!;
      for (let k = triggerOffsets[id]!, end = triggerOffsets[id + 1]!; k < end; k++) {
        const q = triggerList[k]!;
        if (queryStamp[q] === epoch) continue;
        queryStamp[q] = epoch;
        const query = queries[q]!;
        if (query.start >= 0 && !programs.evaluate(query.start, query.end, found, epoch)) continue;
        held = this.addHeld(query.subs, held);
      }
    }
    const subs = this.hitSubs.subarray(0, held).sort();
    const hits: MatchHit[] = new Array<MatchHit>(held);
    for (let i = 0; i < held; i++) {
      const s = subs[i]!;
      hits[i] = { id: this.subIds[s]!, matched: this.listMatched(this.queries[this.querySub[s]!]!, epoch) };
    }
    return hits;
  }

  private addHeld(subs: number[], held: number): number {
    if (held + subs.length > this.hitSubs.length) {
      const bigger = new Int32Array(Math.max(this.hitSubs.length * 2, held + subs.length));
      bigger.set(this.hitSubs.subarray(0, held));
      this.hitSubs = bigger;
    }
    for (let i = 0; i < subs.length; i++) this.hitSubs[held + i] = subs[i]!;
    return held + subs.length;
  }

  private listMatched(query: CompiledQuery, epoch: number): string[] {
    const { shownIds, shownTyped } = query;
    if (shownIds.length === 1) return this.found[shownIds[0]!] === epoch ? [shownTyped[0]!] : [];
    const out: string[] = [];
    for (let i = 0; i < shownIds.length; i++) if (this.found[shownIds[i]!] === epoch) out.push(shownTyped[i]!);
    return out;
  }
}
