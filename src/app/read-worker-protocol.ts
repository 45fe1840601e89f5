/** Messages between the read pool (main thread) and its workers (read-worker.ts): plain, structured-cloneable data. */
import type { FeedFetchErrorKind } from '../feeds/errors.js';
import type { ParseOptions } from '../feeds/types.js';
import type { ReadItems, ReadPlan } from './read-feed-items.js';

export type ToWorker =
  /** Replaces the worker's compiled subscriptions; jobs posted after it are matched against them. */
  | { type: 'subscriptions'; version: number; subs: ReadonlyArray<{ id: string; query: string }> }
  /** `body` is transferred, not copied: the main thread no longer holds it. */
  | { type: 'read'; job: number; body: ArrayBuffer; opts: ParseOptions; plan: ReadPlan };

export type FromWorker =
  | { type: 'compiled'; version: number; subscriptions: number; ms: number }
  | { type: 'done'; job: number; result: ReadItems }
  /** `feedError`: the body is not a readable feed (a poll failure as inline). Otherwise a bug: retried inline. */
  | { type: 'failed'; job: number; message: string; feedError?: { kind: FeedFetchErrorKind; message: string; status?: number } };
