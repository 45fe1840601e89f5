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

const QUERY_STRIDE = 8;
const Q_STAMP = 0;
const Q_PROGRAM_START = 1;
const Q_PROGRAM_END = 2;
const Q_FIRST_SUB = 3;
const Q_SINGLE_SUB = 4;
const Q_SHOWN_START = 5;
const Q_SHOWN_END = 6;
const Q_FIRST_SHOWN_TERM = 7;
/** Held queries per article a sort key can tell apart: subscription index × this + local index < 2^53. */
const LOCAL_LIMIT = 2 ** 22;

export function compileMatcher(subs: ReadonlyArray<SubscriptionQuery>): Matcher {
  return new CompiledMatcher(subs);
}

class CompiledMatcher implements Matcher {
  readonly size: number;
  private readonly terms = new TermIndex();
  private readonly programs = new ProgramStore();
  private readonly queryByText = new Map<string, number>();
  private readonly subIds: string[] = [];
  /**
   * Distinct queries (identical texts share one), in flat arrays rather than an object each: 100,000 small
   * objects and arrays cost more garbage collection than the compile itself. Per query: program range in the
   * ProgramStore (start -1 when the query holds whenever it is triggered), its positive terms de-duplicated by
   * display as [shownStart, shownStart of the next query) in shownIds/shownTyped, and its subscriptions as a
   * list through nextSub, ascending.
   */
  private readonly programStart: number[] = [];
  private readonly programEnd: number[] = [];
  private readonly shownStart: number[] = [];
  private readonly shownIds: number[] = [];
  private readonly shownTyped: string[] = [];
  private readonly firstSub: number[] = [];
  private readonly lastSub: number[] = [];
  private readonly nextSub: number[] = [];
  /** Trigger pairs while compiling: term id, query. */
  private readonly pairTerms: number[] = [];
  private readonly pairQueries: number[] = [];
  /** term id → queries it triggers: triggerList[triggerOffsets[id], triggerOffsets[id + 1]). */
  private triggerOffsets = new Int32Array(0);
  private triggerList = new Int32Array(0);
  /** Per term id: the article stamp when it last occurred. */
  private found = new Int32Array(0);
  /**
   * What matching reads of each query, interleaved (QUERY_STRIDE numbers per query, see Q_*), so a candidate
   * query costs one cache line, not one miss per array.
   */
  private queryData = new Int32Array(0);
  /** Per query, side by side: the id of its first subscription and its first positive term as typed. */
  private queryStrings: string[] = [];
  private epoch = 0;
  /** Reused per article: terms that occurred; queries that hold; subscriptions that hold as sort keys. */
  private readonly hitTerms: number[] = [];
  private heldQueries = new Int32Array(64);
  private heldKeys = new Float64Array(64);

  constructor(input: ReadonlyArray<SubscriptionQuery>) {
    for (const sub of input) this.addSubscription(sub);
    this.size = this.subIds.length;
    this.shownStart.push(this.shownIds.length);
    this.terms.finish();
    this.buildTriggerLists();
    this.found = new Int32Array(this.terms.size);
    this.queryData = this.interleaveQueries();
  }

  private interleaveQueries(): Int32Array<ArrayBuffer> {
    const n = this.programStart.length;
    const data = new Int32Array(n * QUERY_STRIDE);
    for (let q = 0; q < n; q++) {
      const at = q * QUERY_STRIDE;
      data[at + Q_PROGRAM_START] = this.programStart[q]!;
      data[at + Q_PROGRAM_END] = this.programEnd[q]!;
      data[at + Q_FIRST_SUB] = this.firstSub[q]!;
      data[at + Q_SHOWN_START] = this.shownStart[q]!;
      data[at + Q_SHOWN_END] = this.shownStart[q + 1]!;
      data[at + Q_SINGLE_SUB] = this.firstSub[q] === this.lastSub[q] ? 1 : 0;
      data[at + Q_FIRST_SHOWN_TERM] = this.shownIds[this.shownStart[q]!]!;
      this.queryStrings.push(this.subIds[this.firstSub[q]!]!, this.shownTyped[this.shownStart[q]!]!);
    }
    return data;
  }

  private addSubscription(sub: SubscriptionQuery): void {
    const index = this.subIds.length;
    this.subIds.push(sub.id);
    this.nextSub.push(-1);
    if (typeof sub.query === 'string') {
      const known = this.queryByText.get(sub.query);
      if (known !== undefined) {
        this.nextSub[this.lastSub[known]!] = index;
        this.lastSub[known] = index;
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
    const q = this.programStart.length;
    this.firstSub.push(index);
    this.lastSub.push(index);
    if (typeof sub.query === 'string') this.queryByText.set(sub.query, q);
    const shownFrom = this.shownIds.length;
    this.shownStart.push(shownFrom);
    for (const term of listPositiveTerms(ast)) {
      const typed = formatTerm(term);
      if (this.shownTyped.indexOf(typed, shownFrom) >= 0) continue;
      this.shownIds.push(this.terms.intern(term));
      this.shownTyped.push(typed);
    }
    const [start, end] = holdsOnAnyTerm(ast) ? [-1, -1] : this.programs.add(ast, (t) => this.terms.intern(t));
    this.programStart.push(start);
    this.programEnd.push(end);
    // Evaluate the query only when one of its trigger terms occurred (see chooseTriggers).
    const from = this.pairTerms.length;
    for (const term of chooseTriggers(ast, false) ?? listPositiveTerms(ast)) {
      const id = this.terms.intern(term);
      if (this.pairTerms.indexOf(id, from) >= 0) continue;
      this.pairTerms.push(id);
      this.pairQueries.push(q);
    }
  }

  /** Counting sort of the trigger pairs by term; queries stay ascending within a term. */
  private buildTriggerLists(): void {
    const n = this.terms.size;
    const offsets = new Int32Array(n + 1);
    for (const id of this.pairTerms) offsets[id + 1]!++;
    for (let id = 0; id < n; id++) offsets[id + 1]! += offsets[id]!;
    const list = new Int32Array(this.pairTerms.length);
    const fill = offsets.slice(0, n);
    for (let k = 0; k < this.pairTerms.length; k++) list[fill[this.pairTerms[k]!]!++] = this.pairQueries[k]!;
    this.triggerOffsets = offsets;
    this.triggerList = list;
    this.pairTerms.length = 0;
    this.pairQueries.length = 0;
  }

  match(article: PreparedArticle): MatchHit[] {
    if (this.epoch >= 0x7fffffff) {
      this.epoch = 0;
      this.found.fill(0);
      for (let at = Q_STAMP; at < this.queryData.length; at += QUERY_STRIDE) this.queryData[at] = 0;
    }
    const epoch = ++this.epoch;
    const hitTerms = this.hitTerms;
    hitTerms.length = 0;
    this.terms.scan(article, this.found, epoch, hitTerms);
    return hitTerms.length === 0 ? [] : this.collectHits(hitTerms, epoch);
  }

  private collectHits(hitTerms: number[], epoch: number): MatchHit[] {
    const { found, queryData: data, triggerOffsets, triggerList, programs } = this;
    let heldCount = 0;
    let subCount = 0;
    for (let t = 0; t < hitTerms.length; t++) {
      const id = hitTerms[t]!;
      for (let k = triggerOffsets[id]!, end = triggerOffsets[id + 1]!; k < end; k++) {
        const at = triggerList[k]! * QUERY_STRIDE;
        if (data[at + Q_STAMP] === epoch) continue;
        data[at + Q_STAMP] = epoch;
        const start = data[at + Q_PROGRAM_START]!;
        if (start >= 0 && !programs.evaluate(start, data[at + Q_PROGRAM_END]!, found, epoch)) continue;
        if (heldCount === this.heldQueries.length) this.heldQueries = grow(this.heldQueries);
        const local = heldCount++;
        this.heldQueries[local] = at;
        // Sort keys carry the held query's local index, so no subscription → query table is read afterwards.
        for (let s = data[at + Q_FIRST_SUB]!; s >= 0; s = data[at + Q_SINGLE_SUB] === 1 ? -1 : this.nextSub[s]!) {
          if (subCount === this.heldKeys.length) this.heldKeys = grow(this.heldKeys);
          this.heldKeys[subCount++] = s * LOCAL_LIMIT + local;
        }
      }
    }
    if (heldCount >= LOCAL_LIMIT) throw new RangeError(`${heldCount} queries hold for one article`);
    const keys = this.heldKeys.subarray(0, subCount).sort();
    const hits: MatchHit[] = new Array<MatchHit>(subCount);
    const strings = this.queryStrings;
    for (let i = 0; i < subCount; i++) {
      const s = Math.floor(keys[i]! / LOCAL_LIMIT);
      const at = this.heldQueries[keys[i]! - s * LOCAL_LIMIT]!;
      // Most queries have one subscription and one positive term: both strings sit side by side.
      const pair = (at / QUERY_STRIDE) * 2;
      const id = data[at + Q_FIRST_SUB] === s ? strings[pair]! : this.subIds[s]!;
      let matched: string[];
      if (data[at + Q_SHOWN_END]! - data[at + Q_SHOWN_START]! === 1) {
        matched = found[data[at + Q_FIRST_SHOWN_TERM]!] === epoch ? [strings[pair + 1]!] : [];
      } else matched = this.listMatched(at, epoch);
      hits[i] = { id, matched };
    }
    return hits;
  }

  /** Positive terms of the query at `at` in queryData that occurred, as typed. */
  private listMatched(at: number, epoch: number): string[] {
    const from = this.queryData[at + Q_SHOWN_START]!;
    const to = this.queryData[at + Q_SHOWN_END]!;
    const { found, shownIds, shownTyped } = this;
    const out: string[] = [];
    for (let i = from; i < to; i++) if (found[shownIds[i]!] === epoch) out.push(shownTyped[i]!);
    return out;
  }
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const bigger = new (a.constructor as new (n: number) => T)(a.length * 2);
  bigger.set(a);
  return bigger;
}
