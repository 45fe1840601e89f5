/**
 * Bench 3 (memory): resident memory of the bot with 10,000 feeds and 100,000 subscriptions loaded, after a
 * full poll cycle, read in the fresh child process of the 10,000-feed poll-cycle run (lib/poll-large-run.ts).
 */
import { runLargeCycles } from './lib/poll-large-run.js';
import { fmt, int, progress } from './lib/poll-measure.js';

const GOAL_MIB = 300;

export async function runBench(): Promise<string> {
  const r = await runLargeCycles();
  const m = r.memory;
  const mb = (n: number) => fmt(n, 0);
  progress('memory', `${r.feeds} feeds, ${r.subscriptions} subscriptions: RSS loaded ${mb(m.loaded.rss)} MiB, after the first cycle ` +
    `${mb(m.first.rss)} MiB (heap ${mb(m.first.heapUsed)}; after GC ${mb(m.firstAfterGc.heapUsed)}), peak ${mb(m.peakRss)} MiB`);
  const met = m.first.rss <= GOAL_MIB;
  const first = r.cycles.find((c) => c.cycle === 'first');
  return `## Memory (bench/memory)

Read in the fresh process of the 10,000-feed poll-cycle run: the real app with ${int(r.feeds)} feeds and ${int(r.subscriptions)}
config subscriptions over ${r.channels} console channels, SQLite store (the feed server is a separate process).
Resident set size (RSS) as the OS counts it, V8's heap (used, and reserved from the OS) and Buffers, in MiB.
What RSS holds beyond those is native: SQLite's page cache, undici's sockets, code. "start" is the process before the app
is created: Node.js plus tsx, which compiles the TypeScript in-process (a plain \`node\` is ≈ 40 MiB, with tsx
≈ 75 MiB before any import). The subscriptions are compiled at the start of the first cycle
(${first ? `${fmt(first.seconds)} s, ${first.failures} failures` : 'n/a'}). The goal is read on RSS after the first cycle.

| feeds | subscriptions | | start | loaded | after first cycle | same, after a full GC | after the 304 cycle | peak RSS | goal ≤ ${GOAL_MIB} MiB |
|---|---|---|---|---|---|---|---|---|---|
| ${int(r.feeds)} | ${int(r.subscriptions)} | RSS | ${mb(m.start.rss)} | ${mb(m.loaded.rss)} | ${mb(m.first.rss)} | ${mb(m.firstAfterGc.rss)} | ${mb(m.unchanged.rss)} | ${mb(m.peakRss)} | ${met ? '**met**' : '**not met**'} |
| | | heap used | ${mb(m.start.heapUsed)} | ${mb(m.loaded.heapUsed)} | ${mb(m.first.heapUsed)} | ${mb(m.firstAfterGc.heapUsed)} | ${mb(m.unchanged.heapUsed)} | | |
| | | heap reserved | ${mb(m.start.heapTotal)} | ${mb(m.loaded.heapTotal)} | ${mb(m.first.heapTotal)} | ${mb(m.firstAfterGc.heapTotal)} | ${mb(m.unchanged.heapTotal)} | | |
| | | external (Buffers) | ${mb(m.start.external)} | ${mb(m.loaded.external)} | ${mb(m.first.external)} | ${mb(m.firstAfterGc.external)} | ${mb(m.unchanged.external)} | | |

A poll tick with nothing changed checks whether any of the ${int(r.subscriptions)} subscriptions changed:
${fmt(r.refreshMs, 0)} ms per tick (\`runtime.pollFeeds([])\` after the cycles).`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
