/** The inverted index must not change a single clustering decision: same answers as the plain scan. */
import { describe, expect, it } from 'vitest';
import { EventIndex } from '../../../../src/core/lifecycle/event-index.js';
import { openClusterBatch, type ClusterCandidate, type ClusterRecord, type ClusterState } from '../../../../src/core/lifecycle/plan-cluster.js';

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

function candidate(rand: () => number, i: number): ClusterCandidate {
  return { itemId: `c${i}`, feedId: `f${Math.floor(rand() * 4)}`, features: features(rand), at: T0 + Math.floor(rand() * 12 * HOUR) };
}

function shared<T extends { features: number[] }>(index: EventIndex<T>, features: number[]): Array<[T, number]> {
  const out: Array<[T, number]> = [];
  index.forEachShared(features, (r, n) => out.push([r, n]));
  return out;
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

  it('gives the same decisions as the plain scan, through kills, expiry and ties', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed);
      let plain: ClusterState = { stories: [] };
      let indexed: ClusterState = { stories: [], index: new EventIndex<ClusterRecord>() };
      let now = T0;
      let i = 0;
      for (let round = 0; round < 8; round++) {
        now += 10 * HOUR;
        const options = { now, windowMs: 6 * HOUR, threshold: 0.3, limits: { ttlMs: 30 * HOUR, maxStories: 40 } };
        const a = openClusterBatch(plain, options);
        const b = openClusterBatch(indexed, options);
        for (let k = 0; k < 12; k++) {
          const c = candidate(rand, i++);
          expect(b.decide(c), `seed ${seed} ${c.itemId}`).toEqual(a.decide(c));
          if (rand() < 0.15) {
            const victim = `c${Math.floor(rand() * i)}`;
            a.markKilled(victim);
            b.markKilled(victim);
          }
        }
        plain = a.finish();
        const next = b.finish();
        indexed.index!.sync(next.stories);
        indexed = { stories: next.stories, index: indexed.index! };
        expect(indexed.stories.map((s) => s.key)).toEqual(plain.stories.map((s) => s.key));
      }
    }
  });
});
