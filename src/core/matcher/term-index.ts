/**
 * Every distinct term of all subscriptions, interned once, and the word-level index that finds which of them
 * occur in an article: one pass over the article's words, one hash probe per word for terms and phrase heads,
 * and a trie walk for prefix terms when the word's first units start one.
 */
import type { TermNode } from '../query/query-ast.js';
import { PREFIX_UNITS, WORD_STRIDE, type PreparedArticle } from './prepare-article.js';
import { EDGE_CHILD, EDGE_TERMS, PrefixTrie } from './prefix-trie.js';
import { occursAt, toTermSpec, type TermSpec } from './term-spec.js';
import { hashSpan, PairTable, WordTable } from './word-table.js';

/**
 * Term lists live in one Int32Array pool, `[count, (id, flags, needle length) × count]` each, referenced by
 * offset: one contiguous read per list instead of per-term tables and objects scattered over memory (cache
 * misses dominate once there are 100,000 terms), and no typed array per list to allocate when compiling.
 */
interface HeadBuilder {
  ids: number[];
  pairs: Map<number, number[]> | null;
}

const TERM_STRIDE = 3;
/** One unaccented word with nothing around it: where its head is found, it occurs (title aside). */
const SIMPLE = 1;
const TITLE_ONLY = 2;
const PREFIX_FILTER_BITS = 16;

export class TermIndex {
  readonly specs: TermSpec[] = [];
  /** By accented, title only, prefix (a bit each), then needle: no key string to build per term. */
  private readonly specIds = Array.from({ length: 8 }, () => new Map<string, number>());
  /** By [title?][prefix?] then text as typed: most terms repeat as typed, and skip folding then. */
  private readonly typedIds = [0, 1, 2, 3].map(() => new Map<string, number>());
  private readonly heads = new Map<string, HeadBuilder>();
  /**
   * Terms keyed by the unaccented form of their first word, so one pass over the article's (unaccented) words
   * finds all of them (accented terms are then checked against the case-folded view). Values: the pool
   * reference of the terms with no (whole) second word (-1 if none), and a head number (-1 if none) under which
   * `pairs` holds those of two or more words by the hash of their second word: a phrase is checked only when
   * both occur.
   */
  private readonly exact = new WordTable();
  /**
   * 1 at the high 16 bits of each key's hash: most words of an article are in no query, and this 64 KiB filter
   * stays in cache where a probe of the table (megabytes at 100,000 terms) would miss.
   */
  private readonly wordFilter = new Uint8Array(1 << 16);
  private readonly pairs = new PairTable();
  private pairHeads = 0;
  private pool = new Int32Array(1024);
  private poolLength = 0;
  private readonly prefixes = new PrefixTrie();
  /**
   * Set at the low bits of the hash of every prefix key's first PREFIX_UNITS units (a word's `h3`): most words
   * start no prefix term and skip the trie walk. Shorter keys (`#ab*` has head "ab") force the walk.
   */
  private readonly prefixStarts = new Uint8Array(1 << PREFIX_FILTER_BITS);
  /**
   * The trie node PREFIX_UNITS deep for each distinct start of a prefix key, and the terms ending there: a walk
   * begins there (names share their first units, so walks from the root took four steps or so per word).
   */
  private readonly prefixStartNodes = new WordTable();
  private readonly prefixStartKeys = new Set<string>();
  private hasPrefixes = false;
  private shortPrefixKeys = false;
  /** Terms without a word character (`&`, `+`): scanned for in full. */
  private readonly scanned: number[] = [];

  get size(): number {
    return this.specs.length;
  }

  intern(term: TermNode): number {
    const typedIds = this.typedIds[(term.field === 'title' ? 2 : 0) + (term.prefix ? 1 : 0)]!;
    let id = typedIds.get(term.text);
    if (id !== undefined) return id;
    const spec = toTermSpec(term);
    const specIds = this.specIds[(spec.accented ? 4 : 0) + (spec.titleOnly ? 2 : 0) + (spec.prefix ? 1 : 0)]!;
    id = specIds.get(spec.needle);
    if (id === undefined) {
      id = this.specs.length;
      this.specs.push(spec);
      specIds.set(spec.needle, id);
      this.indexTerm(spec, id);
    }
    typedIds.set(term.text, id);
    return id;
  }

  /** Call once every term is interned, before scanning. */
  finish(): void {
    for (const [key, head] of this.heads) {
      let pairs = -1;
      if (head.pairs !== null) {
        pairs = this.pairHeads++;
        for (const [h, ids] of head.pairs) this.pairs.add(pairs, h, this.packTerms(ids));
      }
      this.exact.add(key, head.ids.length > 0 ? this.packTerms(head.ids) : -1, pairs);
      this.wordFilter[hashSpan(key, 0, key.length) >>> 16] = 1;
    }
    this.heads.clear();
    this.prefixes.pack((ids) => this.packTerms(ids));
    const edges = this.prefixes.edges;
    for (const key of this.prefixStartKeys) {
      const edge = this.prefixes.locate(key);
      this.prefixStartNodes.add(key, edges[edge + EDGE_CHILD]!, edges[edge + EDGE_TERMS]!);
    }
    this.pool = this.pool.slice(0, this.poolLength);
  }

  /** Stamps `epoch` into found[id] for every term occurring in the article and appends those ids to `hits`. */
  scan(a: PreparedArticle, found: Int32Array, epoch: number, hits: number[]): void {
    const { words, unaccented } = a;
    const exact = this.exact;
    const slots = exact.slots;
    const wordFilter = this.wordFilter;
    const prefixes = this.hasPrefixes ? this.prefixes : null;
    const prefixStarts = this.prefixStarts;
    const filterMask = (1 << PREFIX_FILTER_BITS) - 1;
    const shortKeys = this.shortPrefixKeys;
    const startNodes = this.prefixStartNodes;
    const startSlots = startNodes.slots;
    const count = words.length;
    for (let k = 0; k < count; k += WORD_STRIDE) {
      const start = words[k]!;
      const end = words[k + 1]!;
      const hash = words[k + 2]!;
      const at = wordFilter[hash >>> 16] === 0 ? -1 : exact.find(hash, unaccented, start, end);
      if (at >= 0) {
        const ids = slots[at + 2]!;
        if (ids >= 0) this.check(ids, a, start, found, epoch, hits);
        const pairs = slots[at + 3]!;
        if (pairs >= 0 && k + WORD_STRIDE < count) {
          const pair = this.pairs.find(pairs, words[k + WORD_STRIDE + 2]!);
          if (pair >= 0) this.check(pair, a, start, found, epoch, hits);
        }
      }
      if (prefixes === null) continue;
      let node = 0;
      let i = start;
      if (!shortKeys) {
        // Keys are PREFIX_UNITS units or longer: start at the node that deep, if the word's start is one.
        if (prefixStarts[words[k + 3]! & filterMask] === 0 || end - start < PREFIX_UNITS) continue;
        const deep = startNodes.find(words[k + 3]!, unaccented, start, start + PREFIX_UNITS);
        if (deep < 0) continue;
        node = startSlots[deep + 2]!;
        if (startSlots[deep + 3]! >= 0) this.check(startSlots[deep + 3]!, a, start, found, epoch, hits);
        i += PREFIX_UNITS;
      }
      const edges = prefixes.edges;
      for (; i < end; i++) {
        const edge = prefixes.find(node, unaccented.charCodeAt(i));
        if (edge < 0) break;
        node = edges[edge + EDGE_CHILD]!;
        const ids = edges[edge + EDGE_TERMS]!;
        if (ids >= 0) this.check(ids, a, start, found, epoch, hits);
      }
    }
    for (const id of this.scanned) {
      if (found[id] === epoch) continue;
      const spec = this.specs[id]!;
      if (occursAnywhere(spec.accented ? a.folded : a.unaccented, spec, a.titleEnd)) {
        found[id] = epoch;
        hits.push(id);
      }
    }
  }

  /** Checks the pooled term list at `ref`: terms whose head is the text word at `start`. */
  private check(ref: number, a: PreparedArticle, start: number, found: Int32Array, epoch: number, hits: number[]): void {
    const pool = this.pool;
    const end = ref + 1 + pool[ref]! * TERM_STRIDE;
    for (let j = ref + 1; j < end; j += TERM_STRIDE) {
      const id = pool[j]!;
      if (found[id] === epoch) continue;
      const flags = pool[j + 1]!;
      let ok: boolean;
      if ((flags & SIMPLE) !== 0) ok = (flags & TITLE_ONLY) === 0 || start + pool[j + 2]! <= a.titleEnd;
      else {
        const spec = this.specs[id]!;
        ok = occursAt(spec.accented ? a.folded : a.unaccented, start - spec.lead, spec, a.titleEnd);
      }
      if (ok) {
        found[id] = epoch;
        hits.push(id);
      }
    }
  }

  /** Appends the list to the pool; returns its reference. */
  private packTerms(ids: number[]): number {
    const need = this.poolLength + 1 + ids.length * TERM_STRIDE;
    if (need > this.pool.length) {
      const bigger = new Int32Array(Math.max(need, this.pool.length * 2));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    const ref = this.poolLength;
    this.pool[ref] = ids.length;
    let j = ref + 1;
    for (const id of ids) {
      const s = this.specs[id]!;
      this.pool[j] = id;
      this.pool[j + 1] = (s.lead === 0 && !s.accented && s.needle === s.head ? SIMPLE : 0) | (s.titleOnly ? TITLE_ONLY : 0);
      this.pool[j + 2] = s.needle.length;
      j += TERM_STRIDE;
    }
    this.poolLength = j;
    return ref;
  }

  private indexTerm(spec: TermSpec, id: number): void {
    if (spec.lead < 0) this.scanned.push(id);
    else if (spec.headIsPrefix) {
      this.prefixes.add(spec.indexKey, id);
      this.hasPrefixes = true;
      if (spec.indexKey.length < PREFIX_UNITS) this.shortPrefixKeys = true;
      else {
        this.prefixStarts[hashSpan(spec.indexKey, 0, PREFIX_UNITS) & ((1 << PREFIX_FILTER_BITS) - 1)] = 1;
        this.prefixStartKeys.add(spec.indexKey.slice(0, PREFIX_UNITS));
      }
    } else {
      let head = this.heads.get(spec.indexKey);
      if (head === undefined) {
        head = { ids: [], pairs: null };
        this.heads.set(spec.indexKey, head);
      }
      if (spec.secondKey === null) head.ids.push(id);
      else {
        head.pairs ??= new Map();
        const h = hashSpan(spec.secondKey, 0, spec.secondKey.length);
        const list = head.pairs.get(h);
        if (list) list.push(id);
        else head.pairs.set(h, [id]);
      }
    }
  }
}

function occursAnywhere(view: string, spec: TermSpec, titleEnd: number): boolean {
  if (spec.needle === '') return false;
  for (let i = view.indexOf(spec.needle); i !== -1; i = view.indexOf(spec.needle, i + 1)) {
    if (occursAt(view, i, spec, titleEnd)) return true;
  }
  return false;
}
