/**
 * Child process of poll-large-run.ts: a fresh process, so resident memory is the bot's alone (the feed server
 * is a process of its own). Loads the real app with 10,000 feeds and 100,000 subscriptions, runs the three
 * poll cycles with memory readings after each, closes the app, then runs the baseline over the same feeds.
 */
import { startBenchApp } from './poll-app.js';
import { measureBaseline, measureCycles, type BaselineRow, type CycleRow } from './poll-cycles.js';
import { startBenchFeedServer } from './poll-feed-server.js';
import { timed } from './poll-measure.js';

export interface MemoryReading {
  /** MiB */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the V8 heap that V8 knows of: Buffers, ArrayBuffers. */
  external: number;
}

export interface LargeRunReport {
  feeds: number;
  subscriptions: number;
  matching: number;
  channels: number;
  memory: { start: MemoryReading; loaded: MemoryReading; first: MemoryReading; firstAfterGc: MemoryReading;
    unchanged: MemoryReading; peakRss: number };
  /** A tick's subscription refresh when nothing changed (the runtime signs every subscription each tick). */
  refreshMs: number;
  cycles: CycleRow[];
  baseline: BaselineRow;
}

const feeds = Number(process.env.BENCH_FEEDS ?? 10_000);
const subscriptions = Number(process.env.BENCH_SUBSCRIPTIONS ?? 100_000);
const matching = Number(process.env.BENCH_MATCHING ?? 1_000);
const channels = 200;

const read = (): MemoryReading => {
  const m = process.memoryUsage();
  const mib = (n: number) => n / 2 ** 20;
  return { rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal), external: mib(m.external) };
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const start = read();
const server = await startBenchFeedServer();
const bench = await startBenchApp({ server, feeds, subscriptions, matching, channels });
const loaded = read();
const after: Partial<Record<CycleRow['cycle'] | 'firstAfterGc', MemoryReading>> = {};
let refreshMs = 0;
const cycles = await measureCycles(bench, server, feeds, subscriptions, (cycle) => {
  after[cycle] = read();
  if (cycle === 'first') {
    gc();
    after.firstAfterGc = read();
  }
});
refreshMs = (await timed(() => bench.app.runtime.pollFeeds([]))).seconds * 1000;
const peakRss = process.resourceUsage().maxRSS / 1024;
await bench.close();
const baseline = await measureBaseline(server, feeds);
await server.stop();
const report: LargeRunReport = {
  feeds, subscriptions, matching, channels,
  memory: { start, loaded, first: after.first!, firstAfterGc: after.firstAfterGc!, unchanged: after.unchanged!, peakRss },
  refreshMs, cycles, baseline,
};
process.send!(report);
process.disconnect();
