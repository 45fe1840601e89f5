/**
 * Channel memories sharing one index (as the store has them) decide exactly as each channel's own scan would:
 * an article's records in several channels hold one features array, indexed once, and the decisions about it
 * reuse one walk; none of that may leak one channel's stories into another's answer.
 */
import { describe, expect, it } from 'vitest';
import { BackgroundWords } from '../../../../src/core/lifecycle/background-words.js';
import { findSameEvent } from '../../../../src/core/lifecycle/classify-story.js';
import { ClusterMemory, type ClusterRecord } from '../../../../src/core/lifecycle/cluster-memory.js';
import { EventIndex } from '../../../../src/core/lifecycle/event-index.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2021-07-05T00:00:00Z');
const CHANNELS = ['desk', 'world', 'asia', 'night'];

function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Six events of 20 words, each story keeping about two thirds of one plus a few words of its own. */
function draw(rand: () => number): number[] {
  const words = new Set<number>();
  const event = Math.floor(rand() * 6);
  for (let k = 0; k < 20; k++) if (rand() < 0.65) words.add(500 + event * 50 + k);
  for (let k = 0, n = 2 + Math.floor(rand() * 8); k < n; k++) words.add(Math.floor(120 * rand() ** 2));
  if (rand() < 0.8) words.add(7);
  return [...words].sort((a, b) => a - b);
}

interface Channel {
  memory: ClusterMemory;
  plain: ClusterRecord[];
}

describe('EventIndex shared by channel memories', () => {
  it.each([
    ['no background words', false, 3],
    ['background words learnt on the way', true, 3],
  ] as const)('gives each channel its own scan\'s decisions, through kills, expiry, the cap, ties and replaced memories: %s', (_name, learn, seeds) => {
    for (let seed = 1; seed <= seeds; seed++) {
      const rand = seeded(seed);
      const index = new EventIndex<ClusterRecord>();
      const channels = new Map<string, Channel>(CHANNELS.map((name) => [name, { memory: new ClusterMemory([], index), plain: [] }]));
      const background = learn ? new BackgroundWords({ window: 150, minArticles: 40, share: 0.3 }) : undefined;
      const less = (f: readonly number[]) => (background?.active ? [...background.filter(f)] : [...f]);
      const limits = { ttlMs: 30 * HOUR, maxStories: 60 };
      const settings = { windowMs: 6 * HOUR, threshold: 0.3, limits, ...(background ? { background } : {}) };
      let now = T0;
      let n = 0;
      let previous: number[] = [];
      for (let round = 0; round < 10; round++) {
        now += 8 * HOUR;
        for (const ch of channels.values()) {
          ch.memory.expire(now, limits.ttlMs);
          ch.plain = ch.plain.filter((r) => now - r.seenAt <= limits.ttlMs);
        }
        for (let k = 0; k < 40; k++) {
          // One article: one features array, decided in each channel it alerts, one after another.
          // Now and then another outlet's copy that shares the last article's very array (a different feed and time).
          const features = rand() < 0.1 && previous.length ? previous : draw(rand);
          const article = { feedId: `f${Math.floor(rand() * 5)}`, features, at: now - Math.floor(rand() * 10 * HOUR) };
          previous = features;
          const itemId = `a${n++}`;
          background?.observe(article.features);
          const to = CHANNELS.filter(() => rand() < 0.5);
          for (const name of to) {
            const ch = channels.get(name)!;
            const seen = ch.plain.map((r) => ({ ...r, features: less(r.features) }));
            const match = findSameEvent({ stories: seen }, { ...article, features: less(article.features) }, settings.windowMs, settings.threshold);
            const root = match?.story.clusterOf ? ch.plain.find((r) => r.key === match.story.clusterOf) ?? match.story : match?.story;
            const expected = root ? { kind: 'also', rootKey: root.key } : { kind: 'new' };
            expect(ch.memory.decide({ itemId, ...article }, now, settings), `seed ${seed} ${itemId} in ${name}`).toEqual(expected);
            ch.plain.push({ key: itemId, feedId: article.feedId, features: article.features, at: article.at, seenAt: now, killed: false,
              ...(root ? { clusterOf: root.key } : {}) });
            if (ch.plain.length > limits.maxStories) ch.plain = ch.plain.slice(ch.plain.length - limits.maxStories);
            // A kill between two channels' decisions about one article.
            if (rand() < 0.05) {
              const victim = `a${Math.floor(rand() * n)}`;
              ch.memory.markKilled(victim);
              ch.plain = ch.plain.map((r) => (r.key === victim ? { ...r, killed: true } : r));
            }
          }
          if (rand() < 0.1) {
            const name = CHANNELS[Math.floor(rand() * CHANNELS.length)]!;
            const victim = `a${Math.floor(rand() * n)}`;
            const ch = channels.get(name)!;
            ch.memory.markKilled(victim);
            ch.plain = ch.plain.map((r) => (r.key === victim ? { ...r, killed: true } : r));
          }
        }
        // A channel read afresh from the store, in the store's order: a new memory takes the same record objects (its
        // unchanged segments), then the old one leaves the index.
        const name = CHANNELS[round % CHANNELS.length]!;
        const ch = channels.get(name)!;
        const old = ch.memory;
        ch.memory = new ClusterMemory(old.records(), index);
        old.release();
        for (const c of channels.values()) expect(c.memory.records().map((r) => r.key)).toEqual(c.plain.map((r) => r.key));
        // Nothing leaks: the index holds exactly the channels' live records.
        const live = [...channels.values()].reduce((sum, c) => sum + c.memory.records().filter((r) => !r.killed).length, 0);
        expect(index.size).toBe(live);
      }
    }
  });

  it('answers a channel only from its own stories, though another channel holds the same article', () => {
    const index = new EventIndex<ClusterRecord>();
    const desk = new ClusterMemory([], index);
    const world = new ClusterMemory([], index);
    const features = [1, 2, 3, 4, 5];
    desk.decide({ itemId: 'afp', feedId: 'afp', features, at: T0 }, T0);
    // The same words from another outlet: "also" on the desk, which had AFP's; a first alert on world, which did not.
    const copy = { itemId: 'ap', feedId: 'ap', features: [1, 2, 3, 4, 6], at: T0 };
    expect(desk.decide(copy, T0)).toEqual({ kind: 'also', rootKey: 'afp' });
    expect(world.decide(copy, T0)).toEqual({ kind: 'new' });
    desk.release();
    expect(index.size).toBe(1);
    expect(world.decide({ itemId: 'afp', feedId: 'afp', features, at: T0 }, T0)).toEqual({ kind: 'also', rootKey: 'ap' });
  });

  it('asked the same again, sees what was added since and what is background now', () => {
    const index = new EventIndex<{ features: number[] }>();
    const query = [2, 3, 5];
    index.add({ features: [2, 3, 9, 10, 11, 12] }, 1);
    expect(index.findBest(query, 0.4, 0, 0, HOUR)).toBeUndefined();
    // Another feed's story with the same words: the walk for this query must be done again.
    const later = { features: [2, 3, 5, 6] };
    index.add(later, 2);
    expect(index.findBest(query, 0.4, 0, 0, HOUR)).toBe(later);
    // Background words change the remembered side's size: 2 shared of 3 + 3 − 2 with 8 and 9 left out, of 6 without.
    const loud = { features: [2, 3, 8, 9, 20] };
    const fresh = new EventIndex<{ features: number[] }>();
    fresh.add(loud, 1);
    const words = new Set([8, 9]);
    const background = { version: 1, isBackground: (f: number) => words.has(f) };
    expect(fresh.findBest(query, 0.45, 0, 0, HOUR, background)).toBe(loud);
    words.clear();
    background.version = 2;
    expect(fresh.findBest(query, 0.45, 0, 0, HOUR, background)).toBeUndefined();
  });
});
