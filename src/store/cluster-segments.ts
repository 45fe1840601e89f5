/**
 * A channel's clusters ("also reported by" memory) in segments of at most SEGMENT_SIZE records, with a small
 * head that lists each segment and its revision. Delivery loads and saves the state around every batch; kept
 * as one value, a busy channel rewrote and re-read up to a thousand records per batch (BENCHMARKS.md, "Story
 * lifecycle cost"). Now a save writes only the segments that changed (new records go into the last one) and
 * the head, in one setMany; a load reads the head and only the segments whose revision this process has not
 * seen, so another instance's writes are still picked up.
 */
import { randomUUID } from 'node:crypto';
import type { Keyv } from 'keyv';
import { EventIndex } from '../core/lifecycle/event-index.js';
import { parseClusterState, type ClusterRecord, type ClusterState } from '../core/lifecycle/plan-cluster.js';

// Small, because every delivery batch rewrites the last segment (its new records) and often the first (the cap).
export const SEGMENT_SIZE = 32;

interface SegmentRef {
  n: number;
  rev: string;
}

interface Head {
  segments: SegmentRef[];
  next: number;
}

interface Segment {
  rev: string;
  records: ClusterRecord[];
}

interface Cached {
  segments: Map<number, Segment>;
  next: number;
  /** Over the records of the last load or save, kept across them (core/lifecycle/event-index). */
  index: EventIndex<ClusterRecord>;
}

export interface ClusterSegmentStore {
  load(channel: string): Promise<ClusterState>;
  save(channel: string, state: ClusterState): Promise<void>;
}

const headKey = (channel: string) => `stories:channel:${channel}`;
const segmentKey = (channel: string, n: number) => `stories:channel:${channel}:${n}`;

function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function readHead(value: unknown): Head | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { segments?: unknown; next?: unknown };
  if (!Array.isArray(v.segments) || typeof v.next !== 'number') return null;
  const segments = v.segments.filter((s): s is SegmentRef =>
    !!s && typeof s === 'object' && typeof (s as SegmentRef).n === 'number' && typeof (s as SegmentRef).rev === 'string');
  return { segments, next: v.next };
}

function readSegment(value: unknown): Segment {
  const v = decode(value) as { rev?: unknown; records?: unknown } | undefined;
  const rev = typeof v?.rev === 'string' ? v.rev : '';
  return { rev, records: parseClusterState({ stories: Array.isArray(v?.records) ? v.records : [] }).stories };
}

export function createClusterSegmentStore(kv: Keyv<unknown>, ttlMs: number): ClusterSegmentStore {
  const cache = new Map<string, Cached>();

  async function load(channel: string): Promise<ClusterState> {
    const raw = decode(await kv.get(headKey(channel)));
    const head = readHead(raw);
    const index = cache.get(channel)?.index ?? new EventIndex<ClusterRecord>();
    if (!head) {
      // Nothing yet, or a state from before segments (one value with `stories`): the next save rewrites it.
      const legacy = parseClusterState(raw);
      index.sync(legacy.stories);
      cache.set(channel, { segments: new Map(), next: 0, index });
      return { stories: legacy.stories, index };
    }
    const known = cache.get(channel)?.segments;
    const missing = head.segments.filter((s) => known?.get(s.n)?.rev !== s.rev);
    const fetched = missing.length ? await kv.getMany(missing.map((s) => segmentKey(channel, s.n))) : [];
    const fresh = new Map(missing.map((s, i) => [s.n, readSegment(fetched[i])]));
    const segments = new Map<number, Segment>();
    for (const ref of head.segments) segments.set(ref.n, fresh.get(ref.n) ?? known!.get(ref.n)!);
    cache.set(channel, { segments, next: head.next, index });
    const stories = [...segments.values()].flatMap((s) => s.records);
    index.sync(stories);
    return { stories, index };
  }

  async function save(channel: string, state: ClusterState): Promise<void> {
    const before = cache.get(channel) ?? { segments: new Map<number, Segment>(), next: 0, index: new EventIndex<ClusterRecord>() };
    const home = new Map<string, number>();
    for (const [n, seg] of before.segments) for (const r of seg.records) home.set(r.key, n);
    const grouped = new Map<number, ClusterRecord[]>([...before.segments.keys()].map((n) => [n, []]));
    const added: ClusterRecord[] = [];
    for (const record of state.stories) {
      const n = home.get(record.key);
      if (n === undefined) added.push(record);
      else grouped.get(n)!.push(record);
    }
    let next = before.next;
    const order = [...grouped.keys()].filter((n) => grouped.get(n)!.length > 0 || n === lastOf(before));
    let last = order.length ? order[order.length - 1]! : undefined;
    for (const record of added) {
      if (last === undefined || grouped.get(last)!.length >= SEGMENT_SIZE) {
        last = next++;
        grouped.set(last, []);
        order.push(last);
      }
      grouped.get(last)!.push(record);
    }
    const segments = new Map<number, Segment>();
    const writes: Array<{ key: string; value: string; ttl: number }> = [];
    for (const n of order) {
      const records = grouped.get(n)!;
      if (records.length === 0) continue;
      const old = before.segments.get(n);
      if (old && sameRecords(old.records, records)) {
        segments.set(n, old);
        continue;
      }
      const segment = { rev: randomUUID(), records };
      segments.set(n, segment);
      writes.push({ key: segmentKey(channel, n), value: JSON.stringify(segment), ttl: ttlMs });
    }
    const head: Head = { segments: [...segments].map(([n, s]) => ({ n, rev: s.rev })), next };
    // Segments first, the head last in the same setMany: a reader never sees a head naming an unwritten segment.
    writes.push({ key: headKey(channel), value: JSON.stringify(head), ttl: ttlMs });
    await kv.setMany(writes);
    const gone = [...before.segments.keys()].filter((n) => !segments.has(n)).map((n) => segmentKey(channel, n));
    if (gone.length) await kv.deleteMany(gone);
    cache.set(channel, { segments, next, index: before.index });
  }

  return { load, save };
}

function lastOf(cached: Cached): number | undefined {
  let last: number | undefined;
  for (const n of cached.segments.keys()) if (last === undefined || n > last) last = n;
  return last;
}

function sameRecords(a: readonly ClusterRecord[], b: readonly ClusterRecord[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
