/**
 * Bench 5 (whole pipeline): articles per second through the real app — fetch body (undici, loopback) → parse
 * → match against 10,000 subscriptions → dedupe (feed index, seen store, outbox on SQLite) → console (a null
 * stream) — with the share of CPU time in each stage from V8's sampling profiler.
 */
import { startBenchApp } from './lib/poll-app.js';
import { countNew } from './lib/poll-corpus.js';
import { startBenchFeedServer } from './lib/poll-feed-server.js';
import { fmt, int, load, progress, timed } from './lib/poll-measure.js';
import { measureRecentWindow, renderRecentWindow } from './lib/poll-history.js';
import { profileStages, STAGES } from './lib/poll-profile.js';
import { measureLifecycleCost, renderLifecycleCost } from './lib/lifecycle-cost.js';

const FEEDS = 120;
const SUBSCRIPTIONS = 10_000;

async function runSingle(feeds: number): Promise<string> {
  const server = await startBenchFeedServer();
  const bench = await startBenchApp({ server, feeds, subscriptions: SUBSCRIPTIONS, backfill: 'all' });
  try {
    // Compiling the subscriptions is start-up work, not pipeline work: done before the clock starts.
    await bench.app.runtime.pollFeeds([]);
    const run = await profileStages(() => timed(async () => {
      const poll = await timed(() => bench.app.runtime.pollAll());
      const drain = await timed(() => bench.app.runtime.drain(120_000));
      return { poll, drain };
    }));
    const { seconds, cpuSeconds } = run.value;
    const { poll, drain } = run.value.value;
    const articles = countNew(feeds, 0);
    const alerts = bench.alertLines();
    const failures = bench.app.runtime.metrics.pollFailures;
    const { ms, busyMs } = run.profile;
    progress('pipeline', `${articles} articles, ${alerts} alerts in ${fmt(seconds)} s (poll ${fmt(poll.seconds)} s, drain ${fmt(drain.seconds)} s): ` +
      `${int(articles / seconds)} articles/s; ${STAGES.map((s) => `${s} ${fmt((100 * ms[s]) / busyMs, 0)}%`).join(', ')}`);
    const history = await measureRecentWindow();
    progress('pipeline', `recent window: ${history.map((h) => `${h.kept}×${h.textChars} chars ${fmt(h.msPerAdd)} ms`).join(', ')}`);
    const shares = STAGES.filter((s) => ms[s] > 0).map((s) => `| ${s} | ${fmt(ms[s] / 1000)} | ${fmt((100 * ms[s]) / busyMs, 1)}% |`);
    return `## Whole pipeline (bench/pipeline)

The real app (\`createApp\`, SQLite store, undici fetcher defaults) with ${int(SUBSCRIPTIONS)} subscriptions over 20 console
channels (a null stream) and backfill \`all\`, so every article goes all the way: ${int(feeds)} feeds (${int(articles)}
articles, RSS 2.0, ≈ 0.6 KB each) fetched from a separate server process on loopback, parsed, matched, checked
against the feed index and the seen store, queued in the SQLite outbox and written to the console. Time is
\`runtime.pollAll()\` plus \`runtime.drain()\` until every alert is written; subscriptions are compiled beforehand.
${failures} poll failures.

| feeds | articles | alerts written | s (poll + deliver) | CPU s | articles/s | alerts/s | load |
|---|---|---|---|---|---|---|---|
| ${int(feeds)} | ${int(articles)} | ${int(alerts)} | ${fmt(seconds)} (${fmt(poll.seconds)} + ${fmt(drain.seconds)}) | ${fmt(cpuSeconds)} | ${int(articles / seconds)} | ${int(alerts / seconds)} | ${load()} |

Share of busy time by stage (sampling profiler, 0.5 ms, idle samples left out; each sample goes to the stage
of the innermost frame of a known module: rss-parser under src/feeds is parsing, htmlparser2 under
src/core/extract-text is "text + match"; better-sqlite3 and Keyv count as "dedupe + store" (feed index, seen
checks, outbox enqueue, recent articles, feed state, leases) when polling calls them and as "delivery
bookkeeping" (outbox pending/claim/complete, seen marks) when the delivery loop does; "versions" and
"clustering" are everything under the story lifecycle's code (see below); "runtime" is the rest of src/app;
sockets and streams in Node internals count as fetch-body):

| stage | sampled s | share |
|---|---|---|
${shares.join('\n')}

${renderRecentWindow(history)}`;
  } finally {
    await bench.close();
    await server.stop();
  }
}

async function runPipeline(feeds = FEEDS): Promise<string> {
  const section = await runSingle(feeds);
  return `${section}\n\n${renderLifecycleCost(await measureLifecycleCost())}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const feeds = Number(process.argv[2]);
  runPipeline(feeds > 0 ? feeds : undefined).then((section) => process.stdout.write(`${section}\n`));
}

export { runPipeline as runBench };
