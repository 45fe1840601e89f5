/** Channel clusters store each article's event features once, in packs, whatever number of channels it alerted. */
import { describe, expect, it } from 'vitest';
import { Keyv } from 'keyv';
import type { ClusterCandidate } from '../../../src/core/lifecycle/cluster-memory.js';
import { PACK_SIZE } from '../../../src/store/cluster-feature-packs.js';
import { createClusterSegmentStore } from '../../../src/store/cluster-segments.js';

const T0 = Date.parse('2021-07-06T06:00:00Z');
const HOUR = 3_600_000;
const CHANNELS = ['desk', 'foreign', 'wires'];

function open() {
  const map = new Map<string, unknown>();
  const kv = new Keyv<unknown>({ store: map, namespace: 'packs' });
  const keysLike = (part: string) => [...map.keys()].filter((k) => k.includes(part));
  return { map, kv, keysLike };
}

function story(i: number): ClusterCandidate {
  return { itemId: `item-${i}`, feedId: `feed-${i}`, features: [i * 8, i * 8 + 1, i * 8 + 2, 4_000_000_000 + i], at: T0 };
}

async function packEntries(kv: Keyv<unknown>, keys: string[]): Promise<number> {
  let n = 0;
  for (const key of keys) n += (JSON.parse(String(await kv.get(key.replace(/^packs:/, '')))) as unknown[]).length;
  return n;
}

/** `count` articles, each alerting every channel (one features array for all), decided and flushed. */
async function alertEverywhere(kv: Keyv<unknown>, count: number) {
  const store = createClusterSegmentStore(kv);
  const articles = Array.from({ length: count }, (_, i) => story(i));
  await store.withClusters(CHANNELS, T0, ({ memoryOf }) => {
    for (const a of articles) for (const ch of CHANNELS) memoryOf(ch).decide(a, T0);
  });
  await store.flush();
  return { store, articles };
}

describe('cluster feature packs', () => {
  it('an article alerting three channels stores its features once, and a fresh reader shares one array for them', async () => {
    const { kv, keysLike } = open();
    const { store, articles } = await alertEverywhere(kv, 150);
    // In packs of at most PACK_SIZE, so a rebuild reads the features its segments name, not the whole save's.
    const packs = keysLike('stories:features:');
    expect(packs).toHaveLength(Math.ceil(150 / PACK_SIZE));
    expect(await packEntries(kv, packs)).toBe(150);
    // No record carries features of its own.
    for (const key of keysLike('stories:channel:').filter((k) => /:\d+$/.test(k))) {
      const { records } = JSON.parse(String(await kv.get(key.replace(/^packs:/, '')))) as { records: unknown[][] };
      for (const r of records) expect([r.length, r[2], r[7]]).toEqual([8, '', expect.stringMatching(/^[\w-]+\.\d+$/)]);
    }

    const fresh = createClusterSegmentStore(kv);
    const read = await fresh.withClusters(CHANNELS, T0 + 10, ({ memoryOf }) => CHANNELS.map((ch) => memoryOf(ch).records()));
    for (const records of read) expect(records.map((r) => r.features)).toEqual(articles.map((a) => a.features));
    expect(read[0]![7]!.features).toBe(read[2]![7]!.features);
    expect(read[0]![140]!.features).toBe(read[1]![140]!.features);
    const decision = await fresh.withClusters(['wires'], T0 + 20, ({ memoryOf }) => memoryOf('wires').decide({ ...story(7), itemId: 'other', feedId: 'other' }, T0 + 20));
    expect(decision).toEqual({ kind: 'also', rootKey: 'item-7' });
  });

  it('a segment rewritten later (a kill mark) refers to the pack already stored, not a new copy', async () => {
    const { kv, keysLike } = open();
    const { store, articles } = await alertEverywhere(kv, 5);
    await store.withClusters(['desk'], T0 + 2_000, ({ memoryOf }) => memoryOf('desk').markKilled('item-2'));
    await store.flush();
    expect(await packEntries(kv, keysLike('stories:features:'))).toBe(5);
    const killed = await createClusterSegmentStore(kv).withClusters(['desk'], T0 + 3_000, ({ memoryOf }) =>
      memoryOf('desk').records().filter((r) => r.killed).map((r) => [r.key, r.features]));
    expect(killed).toEqual([['item-2', story(2).features]]);
  });

  it('a record decided after its array was packed goes into a new pack, which outlives it', async () => {
    const { kv, keysLike } = open();
    const store = createClusterSegmentStore(kv);
    const a = story(1);
    await store.withClusters(['desk'], T0, ({ memoryOf }) => void memoryOf('desk').decide(a, T0));
    await store.flush();
    await store.withClusters(['wires'], T0 + HOUR, ({ memoryOf }) => void memoryOf('wires').decide(a, T0 + HOUR));
    await store.flush();
    expect(keysLike('stories:features:')).toHaveLength(2);
  });

  it('reads records stored before packs (features inline), and drops records whose pack is gone', async () => {
    const { kv, map, keysLike } = open();
    const inline = Buffer.from(Uint32Array.from([5, 6, 7]).buffer).toString('base64');
    await kv.set('stories:channel:desk:0', JSON.stringify({ rev: 'r0', records: [['old-1', 'f1', inline, T0, T0, '', 0]] }));
    await kv.set('stories:channel:desk', JSON.stringify({ segments: [{ n: 0, rev: 'r0' }], next: 1 }));
    const store = createClusterSegmentStore(kv);
    const first = await store.withClusters(['desk'], T0 + 1, ({ memoryOf }) => {
      const features = memoryOf('desk').records().map((r) => r.features);
      memoryOf('desk').decide(story(2), T0 + 1);
      return features;
    });
    expect(first).toEqual([[5, 6, 7]]);
    await store.flush();
    // The rewritten segment now refers to a pack for both records; without it, the channel starts empty.
    expect(await packEntries(kv, keysLike('stories:features:'))).toBe(2);
    for (const key of keysLike('stories:features:')) map.delete(key);
    const records = await createClusterSegmentStore(kv).withClusters(['desk'], T0 + 2, ({ memoryOf }) => memoryOf('desk').records());
    expect(records).toEqual([]);
  });
});
