/**
 * The read pool with real worker threads (started from src through tsx's loader, as under vitest): the same
 * results as the inline path on the same bodies, a worker killed mid-job, a reload, shutdown.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { inlineReader, type ReadPlan } from '../../../src/app/read-feed-items.js';
import { createReadPool, type ReadPool } from '../../../src/app/read-pool.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import type { Logger } from '../../../src/core/ports.js';

const warnings: string[] = [];
const log: Logger = { debug() {}, info() {}, warn(_o, msg) { warnings.push(String(msg)); }, error(_o, msg) { warnings.push(String(msg)); } };
const pools: ReadPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  warnings.length = 0;
});

const FIXTURES = new URL('../../fixtures/feeds/', import.meta.url);
const SUBS = [
  { id: 'quake', query: 'earthquake OR quake' },
  { id: 'kabul', query: 'Kabul OR Bagram' },
  { id: 'any', query: 'the' },
];
const PLAN: ReadPlan = { known: [], firstPoll: false, backfill: 'none', now: Date.parse('2026-01-01T00:00:00Z') };

function pool(size: number): ReadPool {
  const p = createReadPool({ size, log });
  pools.push(p);
  return p;
}

function fixtureBodies(): Array<{ name: string; body: Buffer }> {
  return readdirSync(FIXTURES).filter((n) => /\.(xml|json|html)$/.test(n))
    .map((name) => ({ name, body: readFileSync(new URL(name, FIXTURES)) }));
}

/** The outcome as data: a result, or the error's kind and message. */
async function settle(p: Promise<unknown>): Promise<unknown> {
  return p.then((result) => ({ result }), (err: { name: string; kind?: string; message: string }) => ({ error: [err.name, err.kind, err.message] }));
}

/** A big feed (about 1.5 MB): long enough to read that a worker can be ended while it is at it. */
function bigFeed(): Buffer {
  const items = Array.from({ length: 1_500 }, (_, i) =>
    `<item><guid>big-${i}</guid><title>Quake report ${i}</title><description>${'<p>An earthquake shook the valley again. </p>'.repeat(20)}</description></item>`);
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`);
}

test('workers read every feed fixture exactly as the inline path does (items, hits, errors)', async () => {
  const workers = pool(2).load(SUBS);
  const inline = inlineReader(compileMatcher(SUBS));
  for (const { name, body } of fixtureBodies()) {
    const opts = { feedId: name, url: `https://wire.example.org/${name}` };
    // A later poll (extracted and matched) and a first poll with backfill none (kept raw).
    for (const firstPoll of [false, true]) {
      const plan = { ...PLAN, firstPoll, known: name === 'rss2-wire.xml' ? ['known-id'] : [] };
      const [viaWorker, viaInline] = [await settle(workers.read(Buffer.from(body), opts, plan)), await settle(inline.read(Buffer.from(body), opts, plan))];
      expect(viaWorker, `${name}, first poll ${firstPoll}`).toEqual(viaInline);
    }
  }
  expect(warnings).toEqual([]);
});

test('a worker ended in the middle of a job costs no poll: the job is read inline and a new worker starts', async () => {
  const readPool = pool(1);
  const reader = readPool.load(SUBS);
  await readPool.compiled();
  const body = bigFeed();
  const expected = await inlineReader(compileMatcher(SUBS)).read(Buffer.from(body), { feedId: 'big', url: 'https://x.example/big' }, PLAN);
  // read() takes the bytes over (they are transferred to the worker): each call gets its own copy.
  const job = reader.read(Buffer.from(body), { feedId: 'big', url: 'https://x.example/big' }, PLAN);
  const [victim] = readPool.threads();
  await victim!.terminate();
  expect(await job).toEqual(expected);
  expect(warnings.some((w) => w.includes('read worker died reading feed big'))).toBe(true);
  expect(readPool.stats()).toMatchObject({ restarts: 1, fallbacks: 1, threads: 1 });
  // The new worker has the subscriptions and reads as before.
  const again = await reader.read(Buffer.from(body), { feedId: 'big', url: 'https://x.example/big' }, PLAN);
  expect(again).toEqual(expected);
  expect(readPool.stats().fallbacks).toBe(1);
});

test('a reload rebuilds the subscriptions in every worker: reads after it match the new set', async () => {
  const readPool = pool(2);
  const body = readFileSync(new URL('rss2-wire.xml', FIXTURES));
  const opts = { feedId: 'wire', url: 'https://wire.example.org/rss' };
  const before = await readPool.load([{ id: 'nothing', query: 'zzzunlikelyword' }]).read(Buffer.from(body), opts, PLAN);
  expect(before.fresh.flatMap((f) => f.hits)).toEqual([]);
  const after = await readPool.load(SUBS).read(Buffer.from(body), opts, PLAN);
  const expected = await inlineReader(compileMatcher(SUBS)).read(Buffer.from(body), opts, PLAN);
  expect(after).toEqual(expected);
  expect(after.fresh.some((f) => f.hits.length > 0)).toBe(true);
  const times = await readPool.compiled();
  expect(times).toHaveLength(2);
});

test('close ends every thread, and reads after it run inline', async () => {
  const readPool = pool(2);
  const reader = readPool.load(SUBS);
  await readPool.compiled();
  const threads = [...readPool.threads()];
  expect(threads).toHaveLength(2);
  const exits = threads.map((t) => new Promise<number>((resolve) => t.once('exit', resolve)));
  await readPool.close();
  await Promise.all(exits);
  expect(readPool.threads()).toHaveLength(0);
  const body = readFileSync(new URL('rss2-wire.xml', FIXTURES));
  const read = await reader.read(body, { feedId: 'wire', url: 'https://wire.example.org/rss' }, PLAN);
  expect(read.ids.length).toBeGreaterThan(0);
  expect(readPool.stats()).toMatchObject({ threads: 0, restarts: 0 });
});
