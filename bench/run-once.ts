/**
 * Issue 16's scaling goal from outside: one `run --once` of the built CLI (`node dist/cli.js`, a fresh SQLite
 * store, backfill all) over ≈ 2,000 articles with 10 and with 10,000 subscriptions, the whole process timed
 * (start-up, compiling the subscriptions, polling, delivering every alert to the console, shutdown).
 * Wall time and peak RSS come from /usr/bin/time; best of 3 per cell by wall time, cells alternated.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countNew, createSubscriptions } from './lib/poll-corpus.js';
import { startBenchFeedServer, type BenchCorpus } from './lib/poll-feed-server.js';
import { fmt, int, load, progress } from './lib/poll-measure.js';

const TARGET_ARTICLES = 2_000;
/** Subscriptions, and how many of them can match feed text (the rest name people no feed mentions). */
const CELLS = [
  { subscriptions: 10, matching: 10 },
  { subscriptions: 10_000, matching: 10 },
  { subscriptions: 10_000, matching: 10_000 },
] as const;
type Cell = (typeof CELLS)[number];
const ROUNDS = 3;
const CHANNELS = 20;

interface OnceRun {
  corpus: BenchCorpus;
  subscriptions: number;
  matching: number;
  seconds: number;
  maxRssMiB: number;
  lines: number;
}

function feedsFor(articles: number): number {
  let feeds = 1;
  while (countNew(feeds, 0) < articles) feeds++;
  return feeds;
}

async function runOnce(url: (f: number) => string, feeds: number, cell: { subscriptions: number; matching: number }, corpus: BenchCorpus,
  backfill: 'all' | 'none' = 'all'): Promise<OnceRun> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-once-'));
  try {
    const config = {
      store: `sqlite://${join(dir, 'store.sqlite')}`, schedule: '0 0 1 1 *', backfill,
      fetch: { allowPrivateNetworks: true, timeout: '20s' },
      feeds: Array.from({ length: feeds }, (_, f) => ({ id: `f${f}`, url: url(f), name: `Wire ${f}` })),
      channels: Array.from({ length: CHANNELS }, (_, i) => ({ id: `desk-${i}`, platform: 'console' })),
      subscriptions: createSubscriptions(cell.subscriptions, CHANNELS, cell.matching),
    };
    // JSON is YAML: the config loader reads it as it is.
    const path = join(dir, 'config.yaml');
    writeFileSync(path, JSON.stringify(config));
    const child = spawn('/usr/bin/time', ['-f', '%e %M', process.execPath, 'dist/cli.js', 'run', '--once', '--config', path],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++; });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const last = stderr.trim().split('\n').at(-1) ?? '';
    const [wall, rssKiB] = last.split(' ').map(Number);
    if (code !== 0 || !Number.isFinite(wall) || !Number.isFinite(rssKiB)) throw new Error(`run --once failed (${code}): ${stderr.slice(-500)}`);
    return { corpus, ...cell, seconds: wall!, maxRssMiB: rssKiB! / 1024, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureRunOnce(rounds = ROUNDS): Promise<{ feeds: number; articles: number; best: OnceRun[] }> {
  // Always rebuilt: a dist/ left from an older checkout would measure old code.
  const build = spawnSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  if (build.status !== 0 || !existsSync('dist/cli.js')) throw new Error('bench run-once: `npm run build` failed');
  const feeds = feedsFor(TARGET_ARTICLES);
  const best = new Map<string, OnceRun>();
  for (const corpus of ['common', 'wide'] as const) {
    const server = await startBenchFeedServer(8, 0, corpus);
    try {
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? CELLS : [...CELLS].reverse();
        for (const cell of order) {
          const run = await runOnce(server.url, feeds, cell, corpus);
          progress('run-once', `${corpus} corpus, ${int(cell.subscriptions)} subscriptions (${int(cell.matching)} can match): ${fmt(run.seconds)} s, ` +
            `max RSS ${fmt(run.maxRssMiB, 0)} MiB, ${int(run.lines)} lines`);
          const key = `${corpus}/${cell.subscriptions}/${cell.matching}`;
          const prev = best.get(key);
          if (!prev || run.seconds < prev.seconds) best.set(key, run);
        }
      }
    } finally {
      await server.stop();
    }
  }
  return { feeds, articles: countNew(feeds, 0), best: [...best.values()] };
}

/**
 * Issue 16's memory goal on the built CLI: peak RSS of one `run --once` over 10,000 feeds (backfill none, the
 * first cycle of bench/memory) with 100,000 subscriptions, 1,000 of which can match feed text.
 */
export async function measureCliMemory(): Promise<OnceRun> {
  const server = await startBenchFeedServer(8, 0, 'common');
  try {
    const run = await runOnce(server.url, 10_000, { subscriptions: 100_000, matching: 1_000 }, 'common', 'none');
    progress('run-once', `10,000 feeds, 100,000 subscriptions, backfill none: ${fmt(run.seconds)} s, max RSS ${fmt(run.maxRssMiB, 0)} MiB`);
    return run;
  } finally {
    await server.stop();
  }
}

export async function runBench(): Promise<string> {
  const { feeds, articles, best } = await measureRunOnce();
  const memory = await measureCliMemory();
  const rows = best.map((r) => `| ${r.corpus} | ${int(r.subscriptions)} | ${int(r.matching)} | ${int(r.lines)} | ${fmt(r.seconds)} | ${fmt(r.maxRssMiB, 0)} |`);
  const find = (corpus: BenchCorpus, cell: Cell) => best.find((r) => r.corpus === corpus && r.subscriptions === cell.subscriptions && r.matching === cell.matching)!;
  const ratios = (['common', 'wide'] as const).map((corpus) => {
    const [few, idle, busy] = CELLS.map((cell) => find(corpus, cell).seconds);
    return `- ${corpus} corpus: 10,000 subscriptions of which 10 can match (the alerts of the 10-subscription run) take ` +
      `${fmt(idle! / few!)}× the time of 10 (goal ≤ 1.3×); 10,000 that all can match, with their ${int(find(corpus, CELLS[2]).lines)} alerts, ${fmt(busy! / few!)}×.`;
  });
  return `## run --once on the built CLI (bench/run-once)

\`node dist/cli.js run --once\` as a child process, a fresh SQLite store each time, backfill \`all\`: ${int(feeds)} feeds,
${int(articles)} articles (RSS 2.0, bench corpus, the feed server of bench/poll-cycle), ${CHANNELS} console channels to
stdout (a pipe the bench counts lines from), with 10 subscriptions, 10,000 of which only 10 can match feed text (the
rest name people no feed mentions: the cost of the subscriptions themselves), and 10,000 that all can match. Whole process: start-up,
compiling, polling, delivering every alert, shutdown. Best of ${ROUNDS} by wall time (/usr/bin/time), load ${load()}.

| corpus | subscriptions | can match | lines written | s | max RSS MiB |
|---|---|---|---|---|---|
${rows.join('\n')}

${ratios.join('\n')}

Memory on the built CLI: one \`run --once\` over 10,000 feeds (backfill \`none\`, the first cycle of bench/memory:
${int(countNew(10_000, 0))} items remembered, none alerted) with 100,000 subscriptions, 1,000 of which can match, in the config
(written as JSON, which the config loader reads without the YAML parser): ${fmt(memory.seconds)} s, peak RSS **${fmt(memory.maxRssMiB, 0)} MiB** (goal ≤ 250 MiB after such a cycle).`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
