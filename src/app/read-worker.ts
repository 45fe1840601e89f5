/**
 * A read-pool worker thread (started by read-pool.ts): parses, extracts and matches bodies with the
 * subscriptions the main thread last posted, compiled here. It holds no store and does no network I/O.
 */
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { compileMatcher, type Matcher } from '../core/matcher/compile-matcher.js';
import { FeedFetchError } from '../feeds/errors.js';
import { readFeedItems } from './read-feed-items.js';
import type { FromWorker, ToWorker } from './read-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('read-worker.ts runs only as a worker thread (see read-pool.ts)');

// Until the first set arrives nothing matches; the pool posts it before any job.
let matcher: Matcher = compileMatcher([]);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'subscriptions') {
    const started = performance.now();
    matcher = compileMatcher(msg.subs);
    reply({ type: 'compiled', version: msg.version, subscriptions: msg.subs.length, ms: performance.now() - started });
    return;
  }
  void read(msg);
});

async function read(msg: Extract<ToWorker, { type: 'read' }>): Promise<void> {
  try {
    const result = await readFeedItems(Buffer.from(msg.body), msg.opts, msg.plan, matcher);
    reply({ type: 'done', job: msg.job, result });
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    reply(err instanceof FeedFetchError
      ? { type: 'failed', job: msg.job, message, feedError: { kind: err.kind, message, ...(err.status !== undefined ? { status: err.status } : {}) } }
      : { type: 'failed', job: msg.job, message });
  }
}

function reply(msg: FromWorker): void {
  port!.postMessage(msg);
}
