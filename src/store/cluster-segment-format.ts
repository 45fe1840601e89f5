/**
 * The stored form of channel clusters (store/cluster-segments): a head per channel listing its segments and
 * their revisions, and segments of compact records (features as base64 of little-endian uint32).
 */
import type { ClusterRecord } from '../core/lifecycle/cluster-memory.js';
import { parseClusterState } from '../core/lifecycle/plan-cluster.js';
import { decodeStoredJson } from './stored-json.js';

/** A record as stored: [key, feedId, features (base64 of uint32 LE), at, seenAt, clusterOf or '', killed 0/1]. */
type StoredRecord = [string, string, string, number, number, string, number];

export interface SegmentRef {
  n: number;
  rev: string;
}

export interface Segment {
  rev: string;
  records: ClusterRecord[];
}

export function readHead(value: unknown): { segments: SegmentRef[]; next: number } | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { segments?: unknown; next?: unknown };
  if (!Array.isArray(v.segments) || typeof v.next !== 'number') return null;
  const segments = v.segments.filter((s): s is SegmentRef =>
    !!s && typeof s === 'object' && typeof (s as SegmentRef).n === 'number' && typeof (s as SegmentRef).rev === 'string');
  return { segments, next: v.next };
}

/**
 * A record's stored text. `featureTexts` caches encoded feature arrays for one save: an article's array is shared by
 * its records in every channel it alerted, which are mostly saved together. Not kept between saves: a record is
 * written about once (bench/pipeline's wide run: 15,400 records in 1,301 segment writes), so a cache per record
 * only kept a string alive per remembered record.
 */
export function encodeRecord(r: ClusterRecord, featureTexts: Map<readonly number[], string>): string {
  let text = featureTexts.get(r.features);
  if (text === undefined) {
    text = Buffer.from(Uint32Array.from(r.features).buffer).toString('base64');
    featureTexts.set(r.features, text);
  }
  const stored: StoredRecord = [r.key, r.feedId, text, r.at, r.seenAt, r.clusterOf ?? '', r.killed ? 1 : 0];
  return JSON.stringify(stored);
}

function decodeRecord(v: unknown): unknown {
  if (!Array.isArray(v) || v.length !== 7 || typeof v[2] !== 'string') return null;
  const bytes = Buffer.from(v[2], 'base64');
  const features = Array.from(new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~3))));
  const [key, feedId, , at, seenAt, clusterOf, killed] = v as unknown[];
  return { key, feedId, features, at, seenAt, killed: killed === 1, ...(clusterOf ? { clusterOf } : {}) };
}

export function readSegment(value: unknown): Segment {
  const v = decodeStoredJson(value) as { rev?: unknown; records?: unknown } | undefined;
  const rev = typeof v?.rev === 'string' ? v.rev : '';
  const records = Array.isArray(v?.records) ? v.records.map(decodeRecord) : [];
  // parseClusterState drops anything damaged: a bad record costs its memory, never a crash.
  return { rev, records: parseClusterState({ stories: records }).stories };
}

