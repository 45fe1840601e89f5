/**
 * Channels' clusters ("also reported by" memory) in segments of at most SEGMENT_SIZE records, with a small head
 * per channel that lists each segment and its revision. This process keeps each channel's ClusterMemory
 * (core/lifecycle/cluster-memory) between polls: a round reads the heads of its channels in one getMany,
 * rebuilds only a channel whose head another instance changed, decides in memory, and writes only the segments
 * that changed plus their heads in one setMany, with packs of the features they newly need
 * (store/cluster-feature-packs: an article's features once, whatever number of channels it alerted). Kept as one
 * value per channel, a busy channel re-read and rewrote up to a thousand records per alert batch (BENCHMARKS.md,
 * "Story lifecycle cost").
 *
 * Writes are behind by up to FLUSH_MS (and flushed on close): the memory is advice, not a guarantee. Each
 * decision is durable in the outbox entry it shaped (enqueue is idempotent by key, so a replayed poll cannot
 * turn a queued alert into "also reported by" or back); what a crash loses is up to a second of records, after
 * which a later copy of such an event alerts instead of following it.
 */
import type { Keyv } from 'keyv';
import { ClusterMemory, type ClusterRecord } from '../core/lifecycle/cluster-memory.js';
import { EventIndex } from '../core/lifecycle/event-index.js';
import { parseClusterState } from '../core/lifecycle/plan-cluster.js';
import { newRev, packIdsOf, readHead, readSegment, resolveSegment, type Segment, type SegmentRef, type Write } from './cluster-segment-format.js';
import { createFeaturePacks } from './cluster-feature-packs.js';
import { headKey, planWrites, segmentKey, type Cached } from './cluster-segment-plan.js';
import { decodeStoredJson } from './stored-json.js';
import { STORY_LIMITS } from '../core/lifecycle/story-state.js';

export { SEGMENT_SIZE } from './cluster-segment-plan.js';

export interface ClusterRound {
  /** The channel's memory, expired at the round's time. */
  memoryOf(channel: string): ClusterMemory;
}

export interface ClusterSegmentStore {
  /** Loads `channels`, runs `decide`, saves what changed (within FLUSH_MS); rounds run one at a time here. */
  withClusters<T>(channels: readonly string[], now: number, decide: (round: ClusterRound) => T): Promise<T>;
  /** Writes every change not yet written (at close). */
  flush(): Promise<void>;
}

// Changed by every save of any channel: while it holds what this process last wrote, no other instance wrote
// clusters, and a round needs no head reads at all. It cannot see a write that lands between this process's
// read and its own save, so each channel's head is also read again at least every RECHECK_MS.
const REV_KEY = 'stories:channels:rev';
const RECHECK_MS = 5000;
const FLUSH_MS = 1000;

function sameHead(cached: Cached, refs: readonly SegmentRef[]): boolean {
  if (cached.segments.size !== refs.length) return false;
  return refs.every((ref) => cached.segments.get(ref.n)?.rev === ref.rev);
}

export function createClusterSegmentStore(kv: Keyv<unknown>, ttlMs = STORY_LIMITS.ttlMs): ClusterSegmentStore {
  const cache = new Map<string, Cached>();
  // One index for every channel's memory: an article alerting several channels is indexed once (core/lifecycle/event-index).
  const index = new EventIndex<ClusterRecord>();
  const packs = createFeaturePacks();
  const forget = (channel: string) => {
    cache.get(channel)?.memory.release();
    cache.delete(channel);
  };
  const keep = (channel: string, cached: Cached) => {
    cache.get(channel)?.memory.release();
    cache.set(channel, cached);
  };
  let queue: Promise<unknown> = Promise.resolve();
  let knownRev: unknown;
  const dirty = new Set<string>();
  let flushedAt = -Infinity;

  async function flushDirty(channels: readonly string[] = [...dirty]): Promise<void> {
    const due = channels.filter((ch) => dirty.has(ch) && cache.has(ch));
    for (const ch of channels) dirty.delete(ch);
    if (due.length) await save(due);
  }

  async function load(channels: readonly string[], now: number): Promise<void> {
    const rev = await kv.get(REV_KEY);
    if (rev === undefined || rev !== knownRev) {
      for (const c of cache.values()) c.recheck = true;
      knownRev = rev;
    }
    const unsure = channels.filter((ch) => {
      const c = cache.get(ch);
      return !c || c.recheck || c.legacy || Math.abs(now - c.checkedAt) > RECHECK_MS;
    });
    if (unsure.length === 0) return;
    // Unwritten changes go out before a head is read again: a rebuild from the store must not lose them.
    await flushDirty(unsure);
    await loadHeads(unsure, now);
  }

  async function loadHeads(channels: readonly string[], now: number): Promise<void> {
    const heads = await kv.getMany(channels.map(headKey));
    const stale: Array<{ channel: string; refs: SegmentRef[]; next: number; text: unknown }> = [];
    channels.forEach((channel, i) => {
      const cached = cache.get(channel);
      const text = heads[i];
      if (cached && !cached.legacy && typeof text === 'string' && text === cached.headText) {
        cached.checkedAt = now;
        return void delete cached.recheck;
      }
      const raw = decodeStoredJson(text);
      const head = readHead(raw);
      if (head && cached && !cached.legacy && sameHead(cached, head.segments)) {
        if (typeof text === 'string') cached.headText = text;
        cached.checkedAt = now;
        return void delete cached.recheck;
      }
      if (head) return void stale.push({ channel, refs: head.segments, next: head.next, text });
      // No clusters yet, or one value from before segments (`{ stories }`).
      const records = parseClusterState(raw).stories;
      keep(channel, {
        segments: new Map(), next: 0, memory: new ClusterMemory(records, index), segmentOf: new Map(), legacy: records.length > 0, checkedAt: now,
      });
    });
    if (stale.length === 0) return;
    const wanted = stale.flatMap(({ channel, refs }) => refs
      .filter((ref) => cache.get(channel)?.segments.get(ref.n)?.rev !== ref.rev)
      .map((ref) => ({ channel, n: ref.n })));
    const values = wanted.length ? await kv.getMany(wanted.map((w) => segmentKey(w.channel, w.n))) : [];
    const read = values.map(readSegment);
    const ids = new Set<string>();
    for (const r of read) packIdsOf(r.raw, ids);
    const features = await packs.resolve(ids, (keys) => kv.getMany(keys));
    const fetched = new Map(wanted.map((w, i) => [`${w.channel}\0${w.n}`, resolveSegment(read[i]!, features)]));
    for (const { channel, refs, next, text } of stale) {
      const known = cache.get(channel)?.segments;
      const segments = new Map<number, Segment>();
      for (const ref of refs) segments.set(ref.n, fetched.get(`${channel}\0${ref.n}`) ?? known?.get(ref.n) ?? { rev: ref.rev, records: [] });
      const segmentOf = new Map<ClusterRecord, number>();
      for (const [n, s] of segments) for (const r of s.records) segmentOf.set(r, n);
      const records = [...segments.values()].flatMap((s) => s.records);
      keep(channel, {
        segments, next, memory: new ClusterMemory(records, index), segmentOf, legacy: false, checkedAt: now,
        ...(typeof text === 'string' ? { headText: text } : {}), ...(refs.length ? { last: refs[refs.length - 1]!.n } : {}),
      });
    }
  }

  async function save(channels: readonly string[]): Promise<void> {
    const writes: Write[] = [];
    const gone: string[] = [];
    const pack = packs.begin();
    for (const channel of channels) planWrites(channel, cache.get(channel)!, ttlMs, writes, gone, pack);
    if (writes.length === 0 && gone.length === 0) return;
    // First in the setMany: a segment naming a pack is never read before it.
    writes.unshift(...pack.writes(ttlMs));
    const rev = newRev();
    writes.push({ key: REV_KEY, value: rev, ttl: ttlMs });
    try {
      // Segments come before their heads in the one setMany: a reader never sees a head naming an unwritten segment.
      await kv.setMany(writes);
    } catch (err) {
      // The cached segments already hold what failed to go out: these channels are read afresh next time.
      for (const channel of channels) forget(channel);
      throw err;
    }
    knownRev = rev;
    pack.commit();
    if (gone.length) await kv.deleteMany(gone);
  }

  async function round<T>(channels: readonly string[], now: number, decide: (round: ClusterRound) => T): Promise<T> {
    const unique = [...new Set(channels)];
    try {
      await load(unique, now);
      for (const channel of unique) cache.get(channel)!.memory.expire(now, ttlMs);
      expireIdle(now);
      const result = decide({
        memoryOf(channel) {
          const c = cache.get(channel);
          if (!c) throw new Error(`channel ${channel} was not loaded for this round`);
          return c.memory;
        },
      });
      for (const channel of unique) dirty.add(channel);
      if (Math.abs(now - flushedAt) >= FLUSH_MS) {
        flushedAt = now;
        await flushDirty();
      } else scheduleFlush();
      return result;
    } catch (err) {
      // What this process holds may now differ from the store: the next round reads these channels afresh.
      for (const channel of unique) {
        forget(channel);
        dirty.delete(channel);
      }
      throw err;
    }
  }

  // Every channel's memory is in the one shared index, which every decision walks: a channel that has gone quiet (or
  // left the config) lets its stories expire there too, not only at its next round. Its decisions are unchanged: a
  // round expires its channels before deciding anyway.
  let idleExpiredAt = -Infinity;
  function expireIdle(now: number): void {
    if (Math.abs(now - idleExpiredAt) < RECHECK_MS) return;
    idleExpiredAt = now;
    for (const c of cache.values()) c.memory.expire(now, ttlMs);
  }

  function flush(): Promise<void> {
    const run = queue.then(() => flushDirty());
    queue = run.catch(() => undefined);
    return run;
  }

  // Changes of the last round go out within FLUSH_MS even when no round follows (a quiet channel, the last poll
  // before an idle hour). A failed write is not retried: its channels are read afresh by the next round.
  let timer: NodeJS.Timeout | undefined;
  function scheduleFlush(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch(() => undefined);
    }, FLUSH_MS);
    timer.unref();
  }

  return {
    withClusters(channels, now, decide) {
      const run = queue.then(() => round(channels, now, decide));
      queue = run.catch(() => undefined);
      return run;
    },
    flush,
  };
}
