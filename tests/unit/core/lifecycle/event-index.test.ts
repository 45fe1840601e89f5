/** The inverted index and the channel memory must not change a single clustering decision: same answers as the plain scan. */
import { describe, expect, it } from 'vitest';
import { BackgroundWords } from '../../../../src/core/lifecycle/background-words.js';
import { hashText } from '../../../../src/core/lifecycle/fingerprint-text.js';
import { EventIndex } from '../../../../src/core/lifecycle/event-index.js';
import { findSameEvent } from '../../../../src/core/lifecycle/classify-story.js';
import { ClusterMemory, type ClusterCandidate, type ClusterRecord } from '../../../../src/core/lifecycle/cluster-memory.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2021-07-05T00:00:00Z');

function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

/** Features from a small vocabulary, so stories overlap a lot and ties happen. */
function features(rand: () => number): number[] {
  const set = new Set<number>();
  const n = 3 + Math.floor(rand() * 8);
  while (set.size < n) set.add(Math.floor(rand() * 30));
  return [...set].sort((a, b) => a - b);
}

/**
 * Desk-sized stories: copies of one of eight events (each keeps 60% of the event's 30 words) with 5–15 words of
 * their own from a skewed vocabulary, and a topic word in nearly every one (what a channel following one name sees).
 * Copies score around the threshold, so findBest's prefix filter skips long posting lists exactly where a miscount
 * would flip a decision.
 */
function deskFeatures(rand: () => number): number[] {
  const set = new Set<number>();
  if (rand() < 0.9) set.add(1000);
  const event = Math.floor(rand() * 8);
  for (let k = 0; k < 30; k++) if (rand() < 0.6) set.add(2000 + event * 100 + k);
  const own = 5 + Math.floor(rand() * 11);
  for (let k = 0; k < own; k++) set.add(Math.floor(300 * rand() ** 2));
  return [...set].sort((a, b) => a - b);
}

function hashedDesk(rand: () => number): number[] {
  return [...new Set(deskFeatures(rand).map((n) => hashText(`w${n}`)))].sort((a, b) => a - b);
}

function candidate(rand: () => number, i: number, draw = features): ClusterCandidate {
  return { itemId: `c${i}`, feedId: `f${Math.floor(rand() * 4)}`, features: draw(rand), at: T0 + Math.floor(rand() * 12 * HOUR) };
}

function shared<T extends { features: number[] }>(index: EventIndex<T>, features: number[]): Array<[T, number]> {
  const out: Array<[T, number]> = [];
  index.forEachShared(features, 0, (r, n) => out.push([r, n]));
  // The visiting order is the index's own; the answers are a set.
  return out.sort((a, b) => a[0].features[0]! - b[0].features[0]!);
}

describe('EventIndex', () => {
  it('counts shared features and follows add, remove and sync by identity', () => {
    const index = new EventIndex<{ features: number[] }>();
    const a = { features: [1, 2, 3] };
    const b = { features: [2, 3, 4] };
    index.add(a);
    index.add(b);
    expect(shared(index, [2, 3, 9])).toEqual([[a, 2], [b, 2]]);
    index.remove(a);
    expect(shared(index, [1, 2])).toEqual([[b, 1]]);
    const c = { features: [1] };
    index.sync([c, b]);
    expect(index.size).toBe(2);
    expect(shared(index, [1])).toEqual([[c, 1]]);
  });

  it('visits only members at or above the similarity asked for', () => {
    const index = new EventIndex<{ features: number[] }>();
    const a = { features: [1, 2, 3, 4] };
    const b = { features: [1, 9] };
    index.add(a);
    index.add(b);
    const seen: Array<[number[], number]> = [];
    // a: 2 shared of 4 + 3 - 2 = 5 → 0.4; b: 1 of 2 + 3 - 1 = 4 → 0.25.
    index.forEachShared([1, 2, 7], 0.3, (r, n) => seen.push([r.features, n]));
    expect(seen).toEqual([[a.features, 2]]);
    index.forEachShared([1, 2, 7], 0.25, (r, n) => seen.push([r.features, n]));
    expect(seen).toHaveLength(3);
  });

  it('keeps 32-bit features apart, however close, and grows past its first table', () => {
    const index = new EventIndex<{ features: number[]; n: number }>();
    const big = 4_294_967_295;
    const records = Array.from({ length: 2000 }, (_, n) => ({ features: [n * 4, n * 4 + 1, big - n], n }));
    for (const r of records) index.add(r);
    expect(shared(index, [8]).map(([r, k]) => [r.n, k])).toEqual([[2, 1]]);
    expect(shared(index, [9, big - 2, 10]).map(([r, k]) => [r.n, k])).toEqual([[2, 2]]);
    expect(shared(index, [big]).map(([r, k]) => [r.n, k])).toEqual([[0, 1]]);
    expect(shared(index, [3])).toEqual([]);
  });

  it('stays right through many removals (the rebuild)', () => {
    const index = new EventIndex<{ features: number[]; n: number }>();
    const records = Array.from({ length: 300 }, (_, n) => ({ features: [n % 7, 100 + (n % 3)], n }));
    for (const r of records) index.add(r);
    for (const r of records.slice(0, 250)) index.remove(r);
    expect(index.size).toBe(50);
    const hits = shared(index, [0, 100]).map(([r, k]) => [r.n, k]);
    const expected = records.slice(250).filter((r) => r.n % 7 === 0 || r.n % 3 === 0)
      .map((r) => [r.n, (r.n % 7 === 0 ? 1 : 0) + (r.n % 3 === 0 ? 1 : 0)]);
    expect(hits.sort((a, b) => a[0]! - b[0]!)).toEqual(expected);
    expect(index.has(records[10]!)).toBe(false);
  });

  it.each([
    ['small overlapping stories', features, 0.3, 40, 12, 20, false],
    // Enough remembered stories that the topic word's posting list is long and findBest skips it.
    ['desk-sized stories with a topic word', deskFeatures, 0.25, 400, 150, 3, false],
    ['desk-sized stories, a lower threshold', deskFeatures, 0.2, 400, 150, 3, false],
    // Background words learnt as the stories come: the topic word turns background after the first 50, so records
    // added before and after compare on both sides less what is background at each decision.
    ['desk-sized stories, background words learnt on the way', deskFeatures, 0.25, 400, 150, 3, true],
    ['small overlapping stories, background words learnt on the way', features, 0.3, 40, 12, 20, true],
    // Real features are FNV hashes, most above 2^31 (stored as doubles, not small integers).
    ['desk-sized stories as 32-bit hashes, background words learnt on the way', hashedDesk, 0.25, 400, 150, 2, true],
  ] as const)('gives the same decisions as a plain scan oldest first, through kills, expiry, the cap and ties: %s', (_name, draw, threshold, maxStories, perRound, seeds, learn) => {
    for (let seed = 1; seed <= seeds; seed++) {
      const rand = random(seed);
      const memory = new ClusterMemory();
      const background = learn ? new BackgroundWords({ window: 200, minArticles: 50, share: 0.3 }) : undefined;
      const less = (f: readonly number[]) => (background?.active ? [...background.filter(f)] : [...f]);
      // The reference: the scan the memory replaces (classify-story's findSameEvent over the records in order).
      let plain: ClusterRecord[] = [];
      let now = T0;
      let i = 0;
      const limits = { ttlMs: 30 * HOUR, maxStories };
      for (let round = 0; round < 8; round++) {
        now += 10 * HOUR;
        memory.expire(now, limits.ttlMs);
        plain = plain.filter((r) => now - r.seenAt <= limits.ttlMs);
        for (let k = 0; k < perRound; k++) {
          const c = candidate(rand, i++, draw);
          background?.observe(c.features);
          const seen = plain.map((r) => ({ ...r, features: less(r.features) }));
          const match = findSameEvent({ stories: seen }, { ...c, features: less(c.features) }, 6 * HOUR, threshold);
          const root = match?.story.clusterOf ? plain.find((r) => r.key === match.story.clusterOf) ?? match.story : match?.story;
          const expected = root ? { kind: 'also', rootKey: root.key } : { kind: 'new' };
          expect(memory.decide(c, now, { windowMs: 6 * HOUR, threshold, limits, ...(background ? { background } : {}) }),
            `seed ${seed} ${c.itemId}`).toEqual(expected);
          plain.push({ key: c.itemId, feedId: c.feedId, features: [...c.features], at: c.at, seenAt: now, killed: false, ...(root ? { clusterOf: root.key } : {}) });
          if (plain.length > limits.maxStories) plain = plain.slice(plain.length - limits.maxStories);
          if (rand() < 0.15) {
            const victim = `c${Math.floor(rand() * i)}`;
            memory.markKilled(victim);
            plain = plain.map((r) => (r.key === victim ? { ...r, killed: true } : r));
          }
        }
        expect(memory.records().map((s) => s.key)).toEqual(plain.map((s) => s.key));
      }
    }
  });

  it('logs what changed: added, kill marks and dropped records, each once', () => {
    const memory = new ClusterMemory();
    memory.decide({ itemId: 'a', feedId: 'f1', features: [1, 2], at: T0 }, T0);
    memory.decide({ itemId: 'b', feedId: 'f2', features: [1, 2], at: T0 }, T0 + 1);
    expect(memory.takeChanges().added.map((r) => r.key)).toEqual(['a', 'b']);
    memory.markKilled('a');
    memory.expire(T0 + 1 + 3 * 24 * HOUR, 3 * 24 * HOUR);
    const changes = memory.takeChanges();
    expect(changes.replaced.map(([old, marked]) => [old.key, marked.killed])).toEqual([['a', true]]);
    expect(changes.dropped.map((r) => r.key)).toEqual(['a']);
    expect(memory.records().map((r) => r.key)).toEqual(['b']);
    expect(memory.takeChanges()).toEqual({ added: [], replaced: [], dropped: [] });
  });
});
