/**
 * Bench 1 (poll cycle): 1,000 and 10,000 feeds of 20–50 items on a local server (a child process, feeds
 * spread over 8 loopback addresses so the default per-host cap of 4 does not serialise them), through the
 * real app on a SQLite file: the first cycle (backfill none), a steady cycle where every feed answers 200
 * with 5% new items, and a cycle where every feed answers 304. The baseline, a plain loop of `fetch` +
 * `rss-parser.parseString` over the same feeds, runs in the same process. The 10,000-feed run happens in a
 * fresh child process shared with bench/memory (see lib/poll-large-run.ts).
 */
import { startBenchApp } from './lib/poll-app.js';
import { BASELINE_LANES, measureBaseline, measureCycles, type BaselineRow, type CycleRow } from './lib/poll-cycles.js';
import { startBenchFeedServer } from './lib/poll-feed-server.js';
import { runLargeCycles } from './lib/poll-large-run.js';
import { fmt, int } from './lib/poll-measure.js';

const SMALL_FEEDS = 1_000;
const SMALL_SUBSCRIPTIONS = 1_000;
const GOALS: Record<number, Partial<Record<CycleRow['cycle'], number>>> = {
  1_000: { first: 5, unchanged: 2 },
  10_000: { first: 30, steady: 30, unchanged: 30 },
};
const LABELS: Record<CycleRow['cycle'], string> = {
  first: 'first (backfill none)', steady: 'steady: 200, 5% new', unchanged: 'unchanged: 304',
};

export async function runSmall(feeds = SMALL_FEEDS): Promise<{ cycles: CycleRow[]; baseline: BaselineRow }> {
  const server = await startBenchFeedServer();
  try {
    const baseline = await measureBaseline(server, feeds);
    const bench = await startBenchApp({ server, feeds, subscriptions: SMALL_SUBSCRIPTIONS });
    try {
      return { cycles: await measureCycles(bench, server, feeds, SMALL_SUBSCRIPTIONS), baseline };
    } finally {
      await bench.close();
    }
  } finally {
    await server.stop();
  }
}

export async function runBench(): Promise<string> {
  const small = await runSmall();
  const large = await runLargeCycles();
  return `## Poll cycle (bench/poll-cycle)

The real app (\`createApp\`: config schema, undici fetcher with its defaults — 16 feeds in flight, 4 per host —,
SQLite store in a temporary directory, console channels writing to a null stream) polls every feed once per
cycle (\`runtime.pollAll()\`). Feeds: RSS 2.0, 20–50 items each (≈ 0.7 KB per item, ≈ 25 KB per feed), served by
a separate process on 127.0.0.2–127.0.0.9 (8 loopback addresses, feeds round-robin) so the per-host cap of 4
is not the limit and the server's CPU is not counted. Cycles in order: first (every item new, backfill none:
remembered, not matched), steady (every feed changed: 200 with 5% new items, rounded, at least one per feed;
new items matched, alerts queued), unchanged (every feed answers 304 to If-None-Match). Alerts are delivered
to the console while the cycle runs (as in production); "then deliver s" is what was left after it. CPU s is
the bot process's user + system time during the cycle; with the machine shared, wall time can exceed it.
The baseline is a plain loop of \`fetch\` + \`rss-parser.parseString\` over the same feeds (${BASELINE_LANES} loops in
parallel, no conditional GET, no store, no matching); "vs baseline" divides the cycle's wall time by it.
1,000 feeds: ${int(SMALL_SUBSCRIPTIONS)} subscriptions over 20 channels, in the bench process (baseline first).
10,000 feeds: a fresh process with ${int(large.subscriptions)} subscriptions over ${large.channels} channels, of which ${int(large.matching)}
can match feed text (the same alert rate as the 1,000-feed run; the rest name people that never occur), the
same run that bench/memory reads (baseline after the app closed).

| feeds | cycle | s | CPU s | feeds/s | 200 / 304 | new items | alerts | failures | then deliver s | vs baseline | goal | load |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${[...rows(small.cycles, small.baseline), ...rows(large.cycles, large.baseline)].join('\n')}`;
}

function rows(cycles: CycleRow[], base: BaselineRow): string[] {
  const out = [`| ${int(base.feeds)} | baseline: fetch + parseString | ${fmt(base.seconds)} | ${fmt(base.cpuSeconds)} | ` +
    `${int(base.feeds / base.seconds)} | ${int(base.feeds - base.failures)} / 0 | ${int(base.items)} | — | ${base.failures} | — | 1.00× | — | ${base.load} |`];
  for (const r of cycles) {
    const goal = GOALS[r.feeds]?.[r.cycle];
    const verdict = goal === undefined ? '—' : `≤ ${goal} s: ${r.seconds <= goal && r.failures === 0 ? '**met**' : '**not met**'}`;
    out.push(`| ${int(r.feeds)} | ${LABELS[r.cycle]} | ${fmt(r.seconds)} | ${fmt(r.cpuSeconds)} | ${int(r.feeds / r.seconds)} | ` +
      `${int(r.ok)} / ${int(r.notModified)} | ${int(r.items)} | ${int(r.alerts)} | ${r.failures} | ${fmt(r.deliverSeconds)} | ` +
      `${fmt(r.seconds / base.seconds)}× | ${verdict} | ${r.load} |`);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
