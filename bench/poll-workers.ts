/**
 * Bench (poll-workers): the 1,000-feed poll cycle of bench/poll-cycle with `workers` 0 (inline), 1 and 2, each
 * on a fresh app and feed server, and what it costs each worker to compile the subscriptions on a reload.
 * `npm run bench -- poll-workers` runs it alone.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createReadPool } from '../src/app/read-pool.js';
import { compileMatcher } from '../src/core/matcher/compile-matcher.js';
import { startBenchApp } from './lib/poll-app.js';
import { createSubscriptions } from './lib/poll-corpus.js';
import { measureBaseline, measureCycles, type BaselineRow, type CycleRow } from './lib/poll-cycles.js';
import { startBenchFeedServer } from './lib/poll-feed-server.js';
import { fmt, int, load, progress } from './lib/poll-measure.js';

const FEEDS = 1_000;
const SUBSCRIPTIONS = 1_000;
const WORKER_COUNTS = [0, 1, 2];
const COMPILE_SIZES = [1_000, 100_000];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

interface WorkersRun { workers: number; cycles: CycleRow[]; baseline: BaselineRow }

async function runWith(workers: number): Promise<WorkersRun> {
  const server = await startBenchFeedServer();
  try {
    const baseline = await measureBaseline(server, FEEDS);
    const bench = await startBenchApp({ server, feeds: FEEDS, subscriptions: SUBSCRIPTIONS, workers });
    try {
      const cycles = await measureCycles(bench, server, FEEDS, SUBSCRIPTIONS);
      progress('poll-workers', `workers ${workers}: ${cycles.map((c) => `${c.cycle} ${fmt(c.seconds)} s`).join(', ')}`);
      return { workers, cycles, baseline };
    } finally {
      await bench.close();
    }
  } finally {
    await server.stop();
  }
}

/** Compile time on the main thread, and in each of 2 workers at once (what a reload costs there). */
async function measureCompile(count: number): Promise<{ count: number; mainMs: number; workerMs: number[] }> {
  const subs = createSubscriptions(count, 20);
  const started = performance.now();
  compileMatcher(subs);
  const mainMs = performance.now() - started;
  const pool = createReadPool({ size: 2, log: quiet });
  try {
    pool.load([]);
    await pool.compiled();
    pool.load(subs);
    const workerMs = await pool.compiled();
    progress('poll-workers', `compile ${count}: main ${fmt(mainMs, 0)} ms, workers ${workerMs.map((m) => fmt(m, 0)).join(' / ')} ms`);
    return { count, mainMs, workerMs };
  } finally {
    await pool.close();
  }
}

export async function runBench(): Promise<string> {
  const runs: WorkersRun[] = [];
  for (const workers of WORKER_COUNTS) runs.push(await runWith(workers));
  const compiles = [];
  for (const count of COMPILE_SIZES) compiles.push(await measureCompile(count));
  const seconds = (w: number, cycle: CycleRow['cycle']) => runs.find((r) => r.workers === w)!.cycles.find((c) => c.cycle === cycle)!.seconds;
  const speedUp = (cycle: CycleRow['cycle']) => fmt(seconds(1, cycle) / seconds(2, cycle));
  return `## Poll cycle on worker threads (bench/poll-workers)

The 1,000-feed run of bench/poll-cycle (same app, feeds, ${int(SUBSCRIPTIONS)} subscriptions and cycles) with config
\`workers\` 0 (parse, extraction and matching on the main thread), 1 and 2 (${availableParallelism()} cores available here). Each
worker count gets a fresh feed server and app, and its own baseline (fetch + \`rss-parser.parseString\`, 16 loops)
just before. CPU s counts the bot process, worker threads included.

| workers | cycle | s | CPU s | feeds/s | new items | alerts | failures | vs baseline | load |
|---|---|---|---|---|---|---|---|---|---|
${runs.flatMap((r) => r.cycles.map((c) => `| ${r.workers} | ${c.cycle} | ${fmt(c.seconds)} | ${fmt(c.cpuSeconds)} | ${int(FEEDS / c.seconds)} | ` +
    `${int(c.items)} | ${int(c.alerts)} | ${c.failures} | ${fmt(c.seconds / r.baseline.seconds)}× (${fmt(r.baseline.seconds)} s) | ${c.load} |`)).join('\n')}

Speed-up from 1 to 2 workers: first cycle ${speedUp('first')}×, steady ${speedUp('steady')}× (load ${load()} at the end).

Compiling the subscriptions (bench corpus, ${COMPILE_SIZES.map(int).join(' and ')} queries) once on the main thread, and in
each of 2 workers at once, as a reload or a new command subscription makes them do:

| subscriptions | main thread ms | each worker ms |
|---|---|---|
${compiles.map((c) => `| ${int(c.count)} | ${fmt(c.mainMs, 0)} | ${c.workerMs.map((m) => fmt(m, 0)).join(' / ')} |`).join('\n')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
