/**
 * Bench 2 (alert latency): 1,000 feeds polled every 10 s (6-field cron) by the running app; new items appear
 * one at a time at random moments on random feeds, and each is timed from the moment the feed server starts
 * serving it to the moment the real discord.js client's POST reaches the fake Discord on loopback.
 */
import { FakeDiscordServer } from '../tests/fakes/discord/fake-discord-server.js';
import { readPlatformEnv } from '../src/app/registered-config.js';
import { startBenchApp } from './lib/poll-app.js';
import { itemLink } from './lib/poll-corpus.js';
import { startBenchFeedServer } from './lib/poll-feed-server.js';
import { fmt, int, load, percentile, progress } from './lib/poll-measure.js';
import { createRandom } from './lib/seeded-random.js';

const FEEDS = 1_000;
const ITEMS = 210;
const PUBLISH_SECONDS = 40;
const INTERVAL_S = 10;
const TOKEN = 'bench-bot-token';
const GUILD = '111111111111111111';
const DESK = '222222222222222222';

export async function runBench(): Promise<string> {
  const server = await startBenchFeedServer();
  const fake = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
  const bench = await startBenchApp({
    server, feeds: FEEDS, subscriptions: 1_000, schedule: `*/${INTERVAL_S} * * * * *`,
    extra: {
      // 210 headlines alike ("Bagram air base: convoy report N") are one event to the story lifecycle, which would
      // post the first and reply "also reported by" to the rest: this measures posting, so every story is its own.
      channels: [{ id: 'wire-desk', platform: 'discord', channel: DESK, clusters: 'off' }],
      subscriptions: [{ id: 'bagram', channel: 'wire-desk', query: '"Bagram air base"' }],
    },
    platformEnv: readPlatformEnv({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl }),
  });
  try {
    // The bot has been running: every feed is known before the measurement starts.
    await bench.app.runtime.pollAll();
    bench.app.runtime.start();
    const r = createRandom(10);
    const published = new Map<string, number>();
    const started = Date.now();
    const times = Array.from({ length: ITEMS }, () => r() * PUBLISH_SECONDS * 1000).sort((a, b) => a - b);
    progress('latency', `publishing ${ITEMS} items over ${PUBLISH_SECONDS} s on ${FEEDS} feeds polled every ${INTERVAL_S} s`);
    for (const [i, at] of times.entries()) {
      const wait = started + at - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const feed = Math.floor(r() * FEEDS);
      const item = await server.publish(feed, `Bagram air base: convoy report ${i}`);
      published.set(itemLink(feed, item.seq), item.at);
    }
    const arrived = new Map<string, number>();
    const deadline = Date.now() + (INTERVAL_S + 20) * 1000;
    while (Date.now() < deadline) {
      for (const req of fake.requests) {
        if (req.method !== 'POST' || req.path !== `/channels/${DESK}/messages`) continue;
        const url = (req.body as { embeds?: Array<{ url?: string }> } | null)?.embeds?.[0]?.url;
        if (url && published.has(url) && !arrived.has(url)) arrived.set(url, req.at);
      }
      if (arrived.size === published.size) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const latencies = [...arrived].map(([url, at]) => (at - published.get(url)!) / 1000).sort((a, b) => a - b);
    const row = {
      items: published.size, delivered: latencies.length,
      p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN, polls: bench.app.runtime.metrics.polls, load: load(),
    };
    progress('latency', `${row.delivered}/${row.items} delivered; p50 ${fmt(row.p50)} s, p95 ${fmt(row.p95)} s, p99 ${fmt(row.p99)} s, max ${fmt(row.max)} s, load ${row.load}`);
    const goal = INTERVAL_S + 1;
    const met = row.delivered === row.items && row.p99 <= goal;
    return `## Alert latency (bench/latency)

The running app (\`createApp\` + \`runtime.start()\`: cron \`*/${INTERVAL_S} * * * * *\`, SQLite store, undici fetcher
defaults) polls ${int(FEEDS)} feeds every ${INTERVAL_S} s; 1,000 background subscriptions go to console channels and one
subscription (\`"Bagram air base"\`) to a Discord channel (\`clusters: off\`: its near-identical headlines would be one
event, posted once with "also reported by" replies) served by the fake Discord on 127.0.0.1 through the real
discord.js client. ${ITEMS} new items appear one by one at random moments over ${PUBLISH_SECONDS} s on random feeds; latency
is from the moment the feed server serves the item to the moment the fake Discord receives the POST. The wait
for the next poll is included: it is what a newsroom sees (expected p50 ≈ half the interval).

| feeds | interval | items | delivered | p50 s | p95 s | p99 s | max s | goal: p99 ≤ ${goal} s | load |
|---|---|---|---|---|---|---|---|---|---|
| ${int(FEEDS)} | ${INTERVAL_S} s | ${row.items} | ${row.delivered} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p99)} | ${fmt(row.max)} | ${met ? '**met**' : '**not met**'} | ${row.load} |`;
  } finally {
    await bench.close();
    await fake.close();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runBench().then((section) => process.stdout.write(`${section}\n`));
}
