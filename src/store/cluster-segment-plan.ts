/** What a save writes for one channel (store/cluster-segments): the segments its changes touched, and its head. */
import type { ClusterMemory, ClusterRecord } from '../core/lifecycle/cluster-memory.js';
import type { PackBuild } from './cluster-feature-packs.js';
import { encodeSegment, newRev, type Segment, type Write } from './cluster-segment-format.js';

// Small, because a round rewrites each channel's last segment (its new records) and often the first (expiry, cap).
export const SEGMENT_SIZE = 16;

export const headKey = (channel: string) => `stories:channel:${channel}`;
export const segmentKey = (channel: string, n: number) => `stories:channel:${channel}:${n}`;

/** A channel as this process holds it between rounds. */
export interface Cached {
  /** The head as this process last read or wrote it: segment numbers and revisions, in order. */
  segments: Map<number, Segment>;
  /** The head's stored text: an unchanged head is recognised without parsing it. */
  headText?: string;
  /** The segment new records go into, if any. */
  last?: number;
  next: number;
  memory: ClusterMemory;
  segmentOf: Map<ClusterRecord, number>;
  /** Read from a value older than segments: the next save writes every record. */
  legacy: boolean;
  /** Another writer may have changed this channel since: read its head before trusting the cache. */
  recheck?: boolean;
  /** When this process last read the channel's head (the round's clock). */
  checkedAt: number;
}

/** Adds the channel's changed segments (features by ref into `pack`) and its head to `writes`, emptied ones to `gone`. */
export function planWrites(channel: string, c: Cached, ttlMs: number, writes: Write[], gone: string[], pack: PackBuild): void {
  const changes = c.memory.takeChanges();
  if (!c.legacy && changes.added.length === 0 && changes.replaced.length === 0 && changes.dropped.length === 0) return;
  const dirty = new Set<number>();
  if (c.legacy) {
    c.legacy = false;
    for (const n of c.segments.keys()) gone.push(segmentKey(channel, n));
    c.segments.clear();
    c.segmentOf.clear();
    delete c.last;
    changes.added = c.memory.records();
  }
  for (const r of changes.dropped) {
    const n = c.segmentOf.get(r);
    if (n === undefined) continue;
    c.segmentOf.delete(r);
    const seg = c.segments.get(n)!;
    seg.records = seg.records.filter((x) => x !== r);
    dirty.add(n);
  }
  for (const [old, marked] of changes.replaced) {
    const n = c.segmentOf.get(old);
    if (n === undefined) continue;
    c.segmentOf.delete(old);
    c.segmentOf.set(marked, n);
    const seg = c.segments.get(n)!;
    seg.records = seg.records.map((x) => (x === old ? marked : x));
    dirty.add(n);
  }
  for (const r of changes.added) {
    let last = c.last === undefined ? undefined : c.segments.get(c.last);
    if (!last || last.records.length >= SEGMENT_SIZE) {
      c.last = c.next++;
      last = { rev: '', records: [] };
      c.segments.set(c.last, last);
    }
    last.records.push(r);
    c.segmentOf.set(r, c.last!);
    dirty.add(c.last!);
  }
  for (const n of dirty) {
    const seg = c.segments.get(n)!;
    if (seg.records.length === 0) {
      c.segments.delete(n);
      if (c.last === n) delete c.last;
      gone.push(segmentKey(channel, n));
      continue;
    }
    seg.rev = newRev();
    writes.push({ key: segmentKey(channel, n), value: encodeSegment(seg.rev, seg.records, pack.refOf), ttl: ttlMs });
  }
  const head = JSON.stringify({ segments: [...c.segments].map(([n, s]) => ({ n, rev: s.rev })), next: c.next });
  c.headText = head;
  writes.push({ key: headKey(channel), value: head, ttl: ttlMs });
}
