/**
 * Worker threads that run the CPU-bound part of polls (rss-parser, text extraction, matching) while the main
 * thread keeps fetching, the store and delivery. Each worker compiles the subscriptions itself when a set is
 * loaded (a compiled matcher is typed arrays and closures: rebuilding it is cheaper than serialising it; see
 * BENCHMARKS.md). A worker that crashes, or throws something that is not a feed problem, costs no poll: its
 * jobs are read inline on the main thread (logged with the feed) and a new worker takes its place.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../core/ports.js';
import { compileMatcher, type Matcher } from '../core/matcher/compile-matcher.js';
import { FeedFetchError } from '../feeds/errors.js';
import { redactUrl } from '../feeds/redact-url.js';
import type { ParseOptions } from '../feeds/types.js';
import { readFeedItems, type FeedItemReader, type ReadItems, type ReadPlan } from './read-feed-items.js';
import type { FromWorker, ToWorker } from './read-worker-protocol.js';
import { spawnWorker } from './spawn-worker.js';

type Subs = ReadonlyArray<{ id: string; query: string }>;

export interface ReadPoolOptions {
  /** Threads (config `workers`, at least 1). */
  size: number;
  log: Logger;
}

export interface ReadPoolStats {
  size: number;
  /** Threads running now (they start with the first set of subscriptions). */
  threads: number;
  /** Threads started again after one died. */
  restarts: number;
  /** Jobs read inline because their worker died or threw. */
  fallbacks: number;
  /** Time each worker took to compile the current set, in ms (filled in as they answer). */
  compileMs: number[];
  /** Time the running workers' event loops were busy since they started, in ms (their share of the CPU work). */
  busyMs: number;
}

export interface ReadPool {
  /** Posts a set of subscriptions to every worker (each compiles it); reads from now on match against it. */
  load(subs: Subs): FeedItemReader;
  /** Resolves once every running worker has compiled the current set; their compile times in ms. */
  compiled(): Promise<number[]>;
  stats(): ReadPoolStats;
  /** The running threads, for diagnostics and tests. */
  threads(): readonly Worker[];
  /** Ends every thread; jobs still in them are read inline. Idempotent. */
  close(): Promise<void>;
}

interface Job {
  body: Buffer;
  opts: ParseOptions;
  plan: ReadPlan;
  resolve(result: ReadItems): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  compiledVersion: number;
  compileMs: number | null;
  /** It answered at least once: a worker that dies before that may not be able to start at all. */
  answered: boolean;
}

/** Workers in a row that died before answering: the pool stops starting them and reads inline. */
const START_FAILURES_LIMIT = 3;

export function createReadPool(opts: ReadPoolOptions): ReadPool {
  const { log } = opts;
  const size = Math.max(1, opts.size);
  const slots: Slot[] = [];
  let subs: Subs = [];
  let version = 0;
  let inlineMatcher: { version: number; matcher: Matcher } | null = null;
  let nextJob = 1;
  let closing = false;
  let restarts = 0;
  let fallbacks = 0;
  let startFailures = 0;
  const compileWaiters: Array<() => void> = [];

  function spawn(): Slot {
    const worker = spawnWorker('read-worker');
    const slot: Slot = { worker, jobs: new Map(), compiledVersion: 0, compileMs: null, answered: false };
    worker.on('message', (msg: FromWorker) => onMessage(slot, msg));
    worker.on('error', (err) => log.error({ err, threadId: worker.threadId }, 'read worker failed'));
    worker.once('exit', (code) => onExit(slot, code));
    // An idle worker does not keep the process alive (`run --once` exits when its work is done); one with jobs does.
    worker.unref();
    post(slot, { type: 'subscriptions', version, subs });
    slots.push(slot);
    return slot;
  }

  function post(slot: Slot, msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    slot.worker.postMessage(msg, transfer);
  }

  function onMessage(slot: Slot, msg: FromWorker): void {
    slot.answered = true;
    startFailures = 0;
    if (msg.type === 'compiled') {
      if (msg.version !== version) return;
      slot.compiledVersion = msg.version;
      slot.compileMs = msg.ms;
      log.debug({ threadId: slot.worker.threadId, subscriptions: msg.subscriptions, ms: Math.round(msg.ms) }, 'subscriptions compiled in worker');
      if (slots.every((s) => s.compiledVersion === version)) compileWaiters.splice(0).forEach((wake) => wake());
      return;
    }
    const job = slot.jobs.get(msg.job);
    if (!job) return;
    slot.jobs.delete(msg.job);
    if (slot.jobs.size === 0) slot.worker.unref();
    if (msg.type === 'done') return job.resolve(msg.result);
    if (msg.feedError) {
      const { kind, message, status } = msg.feedError;
      return job.reject(new FeedFetchError(kind, message, { feedId: job.opts.feedId, url: job.opts.url, ...(status !== undefined ? { status } : {}) }));
    }
    log.warn({ feed: job.opts.feedId, url: redactUrl(job.opts.url), err: msg.message }, `read worker threw on feed ${job.opts.feedId}; reading it inline`);
    readInline(job);
  }

  function onExit(slot: Slot, code: number): void {
    slots.splice(slots.indexOf(slot), 1);
    for (const job of slot.jobs.values()) {
      if (!closing) log.warn({ feed: job.opts.feedId, url: redactUrl(job.opts.url), exitCode: code }, `read worker died reading feed ${job.opts.feedId}; reading it inline`);
      readInline(job);
    }
    slot.jobs.clear();
    if (slots.every((s) => s.compiledVersion === version)) compileWaiters.splice(0).forEach((wake) => wake());
    if (closing) return;
    if (!slot.answered && ++startFailures >= START_FAILURES_LIMIT) {
      log.error({ exitCode: code }, `${startFailures} read workers in a row died before answering; feeds are read on the main thread until a restart`);
      return;
    }
    log.warn({ exitCode: code, threadId: slot.worker.threadId }, 'read worker exited; starting another');
    restarts++;
    spawn();
  }

  /** The fallback: same function, on this thread, with the current set compiled here once. */
  function readInline(job: Job): void {
    fallbacks++;
    if (inlineMatcher?.version !== version) inlineMatcher = { version, matcher: compileMatcher(subs) };
    readFeedItems(job.body, job.opts, job.plan, inlineMatcher.matcher).then(job.resolve, job.reject);
  }

  function read(body: Buffer, opts: ParseOptions, plan: ReadPlan): Promise<ReadItems> {
    return new Promise<ReadItems>((resolve, reject) => {
      // A copy stays here only in case the worker dies with the job; the posted bytes are transferred.
      const job: Job = { body: Buffer.from(body), opts, plan, resolve, reject };
      if (closing || !startable()) return readInline(job);
      while (slots.length < size) spawn();
      const slot = slots.reduce((least, s) => (s.jobs.size < least.jobs.size ? s : least));
      const id = nextJob++;
      if (slot.jobs.size === 0) slot.worker.ref();
      slot.jobs.set(id, job);
      const bytes = ownedBytes(body);
      post(slot, { type: 'read', job: id, body: bytes, opts, plan }, [bytes]);
    });
  }

  const reader: FeedItemReader = { read };

  return {
    load(next) {
      subs = next;
      version++;
      if (!closing) {
        for (const slot of slots) post(slot, { type: 'subscriptions', version, subs });
        while (startable() && slots.length < size) spawn();
      }
      return reader;
    },
    compiled() {
      if (slots.every((s) => s.compiledVersion === version)) return Promise.resolve(compileTimes());
      // Idle workers are unref'd: while someone waits for them, they keep the process alive.
      const waiting = slots.map((s) => s.worker);
      for (const worker of waiting) worker.ref();
      return new Promise<void>((wake) => compileWaiters.push(wake)).then(() => {
        for (const slot of slots) if (waiting.includes(slot.worker) && slot.jobs.size === 0) slot.worker.unref();
        return compileTimes();
      });
    },
    stats: () => ({
      size, threads: slots.length, restarts, fallbacks, compileMs: compileTimes(),
      busyMs: slots.reduce((sum, s) => sum + s.worker.performance.eventLoopUtilization().active, 0),
    }),
    threads: () => slots.map((s) => s.worker),
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
      compileWaiters.splice(0).forEach((wake) => wake());
    },
  };

  function startable(): boolean {
    return startFailures < START_FAILURES_LIMIT;
  }

  function compileTimes(): number[] {
    return slots.flatMap((s) => (s.compileMs === null || s.compiledVersion !== version ? [] : [s.compileMs]));
  }
}

/** An ArrayBuffer holding exactly the body, safe to transfer (a pooled or shared Buffer is copied first). */
function ownedBytes(body: Buffer): ArrayBuffer {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  if (whole) return body.buffer as ArrayBuffer;
  return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
}
