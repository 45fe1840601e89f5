/**
 * Bench (poll-hosts): where fetch.concurrency is enforced. 1,000 feeds, the first 400 on one host (a config
 * lists a wire's feeds together), the other 600 round-robin over 7 more; every answer takes 50 ms, as from a
 * distant server, so the cycle is bound by slots, not CPU. With the default 16 in flight and 4 per host, the
 * busy host alone needs 400 × 50 ms / 4 = 5 s; the others 600 × 50 ms / 12 ≈ 2.5 s beside it. A scheduler whose
 * own lanes wait on the busy host's slots leaves the global slots idle and adds the 2.5 s after the 5 s.
 */
import { execSync } from 'node:child_process';
import { startBenchApp } from './lib/poll-app.js';
import { measureBaseline, measureCycles } from './lib/poll-cycles.js';
import { startBenchFeedServer } from './lib/poll-feed-server.js';
import { fmt, int } from './lib/poll-measure.js';

const FEEDS = 1_000;
const CLUSTERED = 400;
const DELAY_MS = 50;

export async function runBench(): Promise<string> {
  const server = await startBenchFeedServer(8, DELAY_MS);
  const [busy, ...others] = server.hosts;
  const urlOf = (f: number) => `http://${f < CLUSTERED ? busy : others[f % others.length]}:${server.port}/feed/${f}.xml`;
  try {
    const baseline = await measureBaseline(server, FEEDS, urlOf);
    const bench = await startBenchApp({ server, feeds: FEEDS, subscriptions: 100, urlOf });
    try {
      const cycles = await measureCycles(bench, server, FEEDS, 100);
      const commit = execSync('git rev-parse --short HEAD').toString().trim();
      const rows = [`| ${commit} | baseline: fetch, no per-host cap | ${fmt(baseline.seconds)} | ${fmt(baseline.cpuSeconds)} | ${baseline.failures} | ${baseline.load} |`,
        ...cycles.map((c) => `| ${commit} | ${c.cycle} | ${fmt(c.seconds)} | ${fmt(c.cpuSeconds)} | ${c.failures} | ${c.load} |`)];
      return `## Where fetch.concurrency is enforced (bench/poll-hosts)

${int(FEEDS)} feeds, the first ${CLUSTERED} on one host, the rest round-robin over 7 others; every answer is delayed
${DELAY_MS} ms by the server; default limits (16 in flight, 4 per host); 100 subscriptions. Floor: ${CLUSTERED} × ${DELAY_MS} ms / 4 = ${fmt(CLUSTERED * DELAY_MS / 4000)} s.

| commit | cycle | s | CPU s | failures | load |
|---|---|---|---|---|---|
${rows.join('\n')}`;
    } finally {
      await bench.close();
    }
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
