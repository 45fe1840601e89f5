/**
 * What each storage backend (memory, SQLite, Redis) provides. The plain key-value stores are written once
 * on top of `kv` (Keyv) and `sets`; only the parts Keyv cannot do atomically (outbox claims, leases,
 * race-free indexes) are implemented per backend.
 */
import type { Keyv } from 'keyv';
import type { Clock, LeaseStore, Logger, Outbox } from '../core/ports.js';

/** Named sets of strings whose add/remove are atomic per member, so two instances never lose each other's writes. */
export interface SetIndex {
  add(name: string, members: string[]): Promise<void>;
  /** true when the member was present. */
  remove(name: string, member: string): Promise<boolean>;
  members(name: string): Promise<string[]>;
}

export interface Backend {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kv: Keyv<any>;
  sets: SetIndex;
  outbox: Outbox;
  leases: LeaseStore;
  close(): Promise<void>;
}

export interface StoreSettings {
  keyPrefix: string;
  clock: Clock;
  seenTtlMs: number;
  recentTtlMs: number;
  recentMaxPerFeed: number;
  log?: Logger;
}

/** Splits a batch so no single statement, MGET or MULTI grows without bound. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
