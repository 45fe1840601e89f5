/**
 * Bench (poll-workers): the 1,000-feed poll cycle of bench/poll-cycle with `workers` 0 (inline), 1 and 2, each
 * on a fresh app and feed server, in two rounds (0 1 2, then 2 1 0, so a load that drifts hits both ends), and
 * what it costs each worker to compile the subscriptions on a reload. `npm run bench -- poll-workers` runs it alone.
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
const ORDER = [0, 1, 2, 2, 1, 0];
const COMPILE_SIZES = [1_000, 100_000];
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

interface WorkersRun {
  workers: number;
  cycles: CycleRow[];
  /** Per cycle: CPU seconds the worker threads were busy (the rest of CPU s is the main thread). */
  workerSeconds: number[];
  baseline: BaselineRow;
}

async function runWith(workers: number): Promise<WorkersRun> {
  const server = await startBenchFeedServer();
  try {
    const baseline = await measureBaseline(server, FEEDS);
    const bench = await startBenchApp({ server, feeds: FEEDS, subscriptions: SUBSCRIPTIONS, workers });
    try {
      const workerSeconds: number[] = [];
      let busy = 0;
      const cycles = await measureCycles(bench, server, FEEDS, SUBSCRIPTIONS, () => {
        const now = bench.app.readPool?.stats().busyMs ?? 0;
        workerSeconds.push(Math.max(0, now - busy) / 1000);
        busy = now;
      });
      progress('poll-workers', `workers ${workers}: ${cycles.map((c) => `${c.cycle} ${fmt(c.seconds)} s`).join(', ')}`);
      return { workers, cycles, workerSeconds, baseline };
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
  for (const workers of ORDER) runs.push(await runWith(workers));
  const compiles = [];
  for (const count of COMPILE_SIZES) compiles.push(await measureCompile(count));
  // Best of the two rounds: on a shared machine the lower figure is the one less disturbed.
  const best = (w: number, cycle: CycleRow['cycle']) => Math.min(...runs.filter((r) => r.workers === w)
    .map((r) => r.cycles.find((c) => c.cycle === cycle)!.seconds));
  const speedUp = (cycle: CycleRow['cycle']) => `${fmt(best(1, cycle) / best(2, cycle))}× (${fmt(best(1, cycle))} → ${fmt(best(2, cycle))} s)`;
  const vsInline = (cycle: CycleRow['cycle']) => `${fmt(best(0, cycle) / best(2, cycle))}×`;
  return `## Poll cycle on worker threads (bench/poll-workers)

The 1,000-feed run of bench/poll-cycle (same app, feeds, ${int(SUBSCRIPTIONS)} subscriptions and cycles) with config
\`workers\` 0 (parse, extraction and matching on the main thread), 1 and 2 (${availableParallelism()} cores available here). Each
worker count gets a fresh feed server and app, and its own baseline (fetch + \`rss-parser.parseString\`, 16 loops)
just before; two rounds, in the order ${ORDER.join(' ')}. CPU s counts the bot process, worker threads included;
"in workers" is the part of it the worker threads were busy (their event-loop active time); the rest ran on the
main thread (fetch, hashing, store, delivery, and the reading itself with 0 workers).

| workers | cycle | s | CPU s | in workers | feeds/s | new items | alerts | failures | vs baseline | load |
|---|---|---|---|---|---|---|---|---|---|---|
${runs.flatMap((r) => r.cycles.map((c, i) => `| ${r.workers} | ${c.cycle} | ${fmt(c.seconds)} | ${fmt(c.cpuSeconds)} | ${fmt(r.workerSeconds[i] ?? 0)} | ` +
    `${int(FEEDS / c.seconds)} | ${int(c.items)} | ${int(c.alerts)} | ${c.failures} | ${fmt(c.seconds / r.baseline.seconds)}× (${fmt(r.baseline.seconds)} s) | ${c.load} |`)).join('\n')}

Best of the two rounds, 1 → 2 workers: first cycle ${speedUp('first')}, steady ${speedUp('steady')}; 2 workers
against inline (0): first ${vsInline('first')}, steady ${vsInline('steady')} (load ${load()} at the end).

Compiling the subscriptions (bench corpus, ${COMPILE_SIZES.map(int).join(' and ')} queries) once on the main thread, and in
each of 2 workers at once, as a reload or a new command subscription makes them do:

| subscriptions | main thread ms | each worker ms |
|---|---|---|
${compiles.map((c) => `| ${int(c.count)} | ${fmt(c.mainMs, 0)} | ${c.workerMs.map((m) => fmt(m, 0)).join(' / ')} |`).join('\n')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
