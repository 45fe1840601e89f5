/**
 * The stored form of channel clusters (store/cluster-segments): a head per channel listing its segments and
 * their revisions, segments of compact records, and feature packs (store/cluster-feature-packs) holding each
 * article's event features once for the records of every channel it alerted.
 */
import { randomBytes } from 'node:crypto';
import type { ClusterRecord } from '../core/lifecycle/cluster-memory.js';
import { parseClusterState } from '../core/lifecycle/plan-cluster.js';
import { decodeStoredJson } from './stored-json.js';

/**
 * A record as stored: [key, feedId, '', at, seenAt, clusterOf or '', killed 0/1, features ref ("pack.index")].
 * Before packs, the third field held the features (base64 of uint32 LE) and there was no eighth; such records
 * are still read. An older build drops the eight-field form as damaged (it loses that memory, never misreads it).
 */
type StoredRecord = [string, string, string, number, number, string, number, string];

/** One key of a save's setMany. */
export interface Write {
  key: string;
  value: string;
  ttl: number;
}

// Segment and pack ids: unique across instances by the random part, and cheap (a save writes hundreds).
const REV_PREFIX = randomBytes(6).toString('base64url');
let revs = 0;
export const newRev = () => `${REV_PREFIX}${(revs++).toString(36)}`;

export interface SegmentRef {
  n: number;
  rev: string;
}

export interface Segment {
  rev: string;
  records: ClusterRecord[];
}

/** A segment as read, before its records' feature refs are resolved against their packs. */
export interface ReadSegment {
  rev: string;
  raw: unknown[];
}

export function readHead(value: unknown): { segments: SegmentRef[]; next: number } | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { segments?: unknown; next?: unknown };
  if (!Array.isArray(v.segments) || typeof v.next !== 'number') return null;
  const segments = v.segments.filter((s): s is SegmentRef =>
    !!s && typeof s === 'object' && typeof (s as SegmentRef).n === 'number' && typeof (s as SegmentRef).rev === 'string');
  return { segments, next: v.next };
}

export function encodeFeatures(features: readonly number[]): string {
  return Buffer.from(Uint32Array.from(features).buffer).toString('base64');
}

export function decodeFeatures(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from(new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~3))));
}

/** A record's stored text, its features by `ref` into a pack. */
export function encodeRecord(r: ClusterRecord, ref: string): string {
  const stored: StoredRecord = [r.key, r.feedId, '', r.at, r.seenAt, r.clusterOf ?? '', r.killed ? 1 : 0, ref];
  return JSON.stringify(stored);
}

/** The pack a features ref ("pack.index") points into. */
export const packIdOf = (ref: string): string => ref.slice(0, ref.lastIndexOf('.'));

/** The pack ids the records of `raw` refer to. */
export function packIdsOf(raw: readonly unknown[], into: Set<string>): void {
  for (const v of raw) {
    const ref = Array.isArray(v) && v.length === 8 ? v[7] : undefined;
    if (typeof ref === 'string') into.add(packIdOf(ref));
  }
}

/** A ref's features (undefined when its pack is gone), told the seenAt of the record that holds it. */
export type FeatureLookup = (ref: string, seenAt: number) => number[] | undefined;

/** Resolves a stored record, its features inline (before packs) or by ref. */
function decodeRecord(v: unknown, features: FeatureLookup): unknown {
  if (!Array.isArray(v) || typeof v[2] !== 'string') return null;
  let list: number[] | undefined;
  if (v.length === 8 && typeof v[7] === 'string') list = features(v[7], typeof v[4] === 'number' ? v[4] : 0);
  else if (v.length === 7) list = decodeFeatures(v[2]);
  if (!list) return null;
  const [key, feedId, , at, seenAt, clusterOf, killed] = v as unknown[];
  return { key, feedId, features: list, at, seenAt, killed: killed === 1, ...(clusterOf ? { clusterOf } : {}) };
}

export function readSegment(value: unknown): ReadSegment {
  const v = decodeStoredJson(value) as { rev?: unknown; records?: unknown } | undefined;
  return { rev: typeof v?.rev === 'string' ? v.rev : '', raw: Array.isArray(v?.records) ? v.records : [] };
}

export function resolveSegment(read: ReadSegment, features: FeatureLookup): Segment {
  // parseClusterState drops anything damaged (or whose pack expired): a bad record costs its memory, never a crash.
  return { rev: read.rev, records: parseClusterState({ stories: read.raw.map((v) => decodeRecord(v, features)) }).stories };
}

export function encodeSegment(rev: string, records: readonly ClusterRecord[], refOf: (r: ClusterRecord) => string): string {
  return `{"rev":${JSON.stringify(rev)},"records":[${records.map((r) => encodeRecord(r, refOf(r))).join(',')}]}`;
}
