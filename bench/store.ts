/**
 * Bench 4 (store): seen-item checks and writes per second on SQLite and Redis, batched as the poll cycle
 * calls them (one markSeen/seen per channel and feed batch), with unbatched single-id calls as the baseline
 * measured in the same run, plus one outbox round trip (enqueue → claim → complete) per alert.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@keyv/redis';
import type { Alert } from '../src/core/model.js';
import type { OutboxEntry, Stores } from '../src/core/ports.js';
import { openStores } from '../src/store/open-stores.js';
import { marked } from '../tests/helpers/summary-runs.js';

const ITEMS = 100_000;
const BATCH = 1_000;
const SINGLE = 5_000;
const OUTBOX = 5_000;
const GOAL_CHECKS = 50_000;

interface Row {
  backend: string;
  op: string;
  batch: number;
  count: number;
  seconds: number;
}

const clock = { now: () => Date.now() };

async function time(fn: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function entry(i: number): OutboxEntry {
  const alert: Alert = {
    channel: 'desk', subscriptions: ['s1'], feed: 'afp', feedName: 'AFP', feedUrl: 'http://127.0.0.1/afp.xml',
    id: `urn:afp:${i}`, title: `Story ${i}`, link: null, published: null, matched: ['Taliban'],
    summary: marked('The **Taliban** said …'), firstSeenAt: 0,
  };
  return { key: `desk\u0000${alert.id}`, channel: 'desk', alert, nonce: `n${i}`, enqueuedAt: 0, attempts: 0, nextAttemptAt: 0, lastError: null };
}

async function measure(backend: string, stores: Stores): Promise<Row[]> {
  const ids = Array.from({ length: ITEMS }, (_, i) => `https://example.org/story/${i}`);
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
  const rows: Row[] = [];
  const log = (r: Row) => {
    process.stderr.write(`  ${backend} ${r.op}: ${Math.round(r.count / r.seconds).toLocaleString('en')} /s\n`);
    rows.push(r);
  };

  // Writes: half the items, so the checks below see a realistic mix of hits and misses.
  const half = batches.map((b) => b.filter((_, i) => i % 2 === 0));
  log({ backend, op: 'markSeen (writes)', batch: BATCH / 2, count: ITEMS / 2,
    seconds: await time(async () => { for (const b of half) await stores.seen.markSeen('desk', b); }) });
  let hits = 0;
  log({ backend, op: 'seen (checks)', batch: BATCH, count: ITEMS,
    seconds: await time(async () => { for (const b of batches) hits += (await stores.seen.seen('desk', b)).size; }) });
  if (hits !== ITEMS / 2) throw new Error(`expected ${ITEMS / 2} hits, got ${hits}`);
  log({ backend, op: 'seen (checks), unbatched baseline', batch: 1, count: SINGLE,
    seconds: await time(async () => { for (const id of ids.slice(0, SINGLE)) await stores.seen.seen('desk', [id]); }) });
  log({ backend, op: 'markSeen (writes), unbatched baseline', batch: 1, count: SINGLE,
    seconds: await time(async () => { for (const id of ids.slice(0, SINGLE)) await stores.seen.markSeen('other', [id]); }) });

  const entries = Array.from({ length: OUTBOX }, (_, i) => entry(i));
  log({ backend, op: 'outbox enqueue + claim + complete', batch: 1, count: OUTBOX,
    seconds: await time(async () => {
      await stores.outbox.enqueue(entries);
      for (const e of entries) {
        if (!(await stores.outbox.claim(e.key, 'bench', 30_000))) throw new Error('claim failed');
        await stores.outbox.complete(e, { channel: 'desk', itemId: e.alert.id, platform: 'console', messageId: null, ref: {}, sentAt: 0 });
      }
    }) });
  return rows;
}

async function benchSqlite(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-bench-'));
  try {
    const stores = await openStores(`sqlite://${join(dir, 'bench.sqlite')}`, { clock });
    try {
      return await measure('SQLite file', stores);
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchRedis(url: string): Promise<Row[]> {
  const keyPrefix = `bench-${process.pid}-${Date.now().toString(36)}`;
  const stores = await openStores(url, { keyPrefix, clock });
  try {
    return await measure('Redis (loopback)', stores);
  } finally {
    await stores.close();
    const c = createClient({ url });
    await c.connect();
    for await (const keys of c.scanIterator({ MATCH: `${keyPrefix}::*`, COUNT: 1000 })) if (keys.length) await c.del(keys);
    await c.close();
  }
}

export async function runBench(): Promise<string> {
  const rows = [...(await benchSqlite())];
  const redisUrl = process.env.NEWSBOT_BENCH_REDIS ?? 'redis://127.0.0.1:6379';
  let redisNote = '';
  try {
    rows.push(...(await benchRedis(redisUrl)));
  } catch (err) {
    redisNote = `\nRedis at ${redisUrl} was not measured: ${(err as Error).message}\n`;
  }
  const rate = (r: Row) => r.count / r.seconds;
  const baseline = (r: Row) =>
    rows.find((b) => b.backend === r.backend && b.batch === 1 && b.op.startsWith(r.op.split(' ')[0]!) && b.op.endsWith('baseline'));
  const lines = rows.map((r) => {
    const base = r.batch > 1 ? baseline(r) : undefined;
    const ratio = base ? `${(rate(r) / rate(base)).toFixed(1)}×` : '';
    const goal = r.op === 'seen (checks)' ? (rate(r) >= GOAL_CHECKS ? 'met' : 'not met') : '';
    return `| ${r.backend} | ${r.op} | ${r.batch.toLocaleString('en')} | ${r.count.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${Math.round(rate(r)).toLocaleString('en')} | ${ratio} | ${goal} |`;
  });
  return `## 4. Store: seen-item checks and writes

${ITEMS.toLocaleString('en')} item ids (URLs) for one channel, checked and marked through \`Stores.seen\` in batches
of ${BATCH.toLocaleString('en')} as the poll cycle does; the baseline is the same store called with one id per call.
Goal: ≥ ${GOAL_CHECKS.toLocaleString('en')} batched checks/s. The outbox row is one alert's full round trip.

| store | operation | ids per call | count | seconds | per second | vs unbatched | goal |
|---|---|---:|---:|---:|---:|---:|---|
${lines.join('\n')}
${redisNote}`;
}
