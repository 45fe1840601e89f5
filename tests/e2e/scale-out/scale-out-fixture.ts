/**
 * The shared scenario of the scale-out tests: 50 feeds served from 127.0.0.1, 4 matching and 2 other items each
 * (200 expected alerts over 4 console channels), and one config that every instance of a test runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedServer, RouteHandler } from '../../helpers/feed-server.js';
import { staticRoute } from '../../helpers/feed-server.js';
import { freePort } from '../../unit/store/private-redis.js';
import { writeConfig } from '../helpers/run-cli.js';

export const FEEDS = 50;
export const MATCHING_PER_FEED = 4;
export const OTHER_PER_FEED = 2;
export const CHANNELS = ['desk-0', 'desk-1', 'desk-2', 'desk-3'];

const channelOf = (feed: number) => CHANNELS[feed % CHANNELS.length]!;
const feedId = (feed: number) => `wire-${String(feed).padStart(2, '0')}`;
const itemId = (feed: number, item: number) => `urn:wire:${feedId(feed)}:${item}`;

/** `matching` items of a feed carry Taliban; newest first, as wires publish. */
function feedXml(feed: number, matchingCount = MATCHING_PER_FEED): string {
  const items: string[] = [];
  for (let i = 0; i < MATCHING_PER_FEED + OTHER_PER_FEED; i++) {
    const matching = i < MATCHING_PER_FEED;
    if (matching && i >= matchingCount) continue;
    const title = matching
      ? `Taliban fighters reach district ${feed}-${i} near Bagram`
      : `Cricket board names squad ${feed}-${i} for the winter tour`;
    items.push(`<item><guid isPermaLink="false">${itemId(feed, i)}</guid><title>${title}</title>
<link>http://127.0.0.1/story/${feed}/${i}</link><pubDate>Wed, 25 Nov 2026 10:${String(i).padStart(2, '0')}:00 GMT</pubDate>
<description>${matching ? 'Officials said the Taliban' : 'The selectors said the squad'} moved on ${feed}.</description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire ${feed}</title>
<link>http://127.0.0.1/</link><description>fixture wire ${feed}</description>${items.join('\n')}</channel></rss>`;
}

/** `channel id` of every alert the scenario must produce exactly once (with `matchingCount` items published). */
export function expectedAlerts(matchingCount = MATCHING_PER_FEED): string[] {
  const out: string[] = [];
  for (let f = 0; f < FEEDS; f++) for (let i = 0; i < matchingCount; i++) out.push(`${channelOf(f)} ${itemId(f, i)}`);
  return out.sort();
}

/**
 * Serves every feed with its first `matchingCount` matching items (the wire publishes the rest later); each
 * answer waits `delayMs`, so a poll cycle spans a while and can be interrupted.
 */
export function serveFeeds(server: FeedServer, delayMs: number, matchingCount = MATCHING_PER_FEED): FetchLog {
  const log: FetchLog = new Map();
  for (let f = 0; f < FEEDS; f++) {
    const respond = staticRoute({ body: feedXml(f, matchingCount), etag: `"wire-${f}-${matchingCount}"` });
    const times: number[] = [];
    log.set(feedId(f), times);
    const delayed: RouteHandler = (req, res) => new Promise<void>((resolve) => {
      times.push(Date.now());
      setTimeout(() => resolve(respond(req, res)), delayMs);
    });
    server.route(`/${feedId(f)}.xml`, delayed);
  }
  return log;
}

/** When each feed was requested (ms since the epoch), by feed id. */
export type FetchLog = Map<string, number[]>;

/**
 * Feeds fetched more than once within one tick of the schedule (ticks at every even second): with poll leases
 * a tick's fetch of a feed is done by one instance only.
 */
export function fetchedTwiceInATick(log: FetchLog, tickMs: number): string[] {
  const doubled: string[] = [];
  for (const [feed, times] of log) {
    const perTick = new Map<number, number>();
    for (const t of times) perTick.set(Math.floor(t / tickMs), (perTick.get(Math.floor(t / tickMs)) ?? 0) + 1);
    for (const [tick, n] of perTick) if (n > 1) doubled.push(`${feed}@${new Date(tick * tickMs).toISOString()}×${n}`);
  }
  return doubled;
}

export interface ScenarioOptions {
  store: string;
  keyPrefix: string;
  leaseTtl?: string;
  claimTtl?: string;
}

/** One config file shared by all instances of a test. */
export function writeScenarioConfig(dir: string, server: FeedServer, opts: ScenarioOptions): string {
  const feeds = Array.from({ length: FEEDS }, (_, f) => `  - id: ${feedId(f)}\n    url: ${server.url(`/${feedId(f)}.xml`)}`);
  const subs = CHANNELS.map((c, k) => {
    const ids = Array.from({ length: FEEDS }, (_, f) => f).filter((f) => f % CHANNELS.length === k).map(feedId);
    return `  - id: taliban-${c}\n    channel: ${c}\n    query: Taliban\n    feeds: [${ids.join(', ')}]`;
  });
  return writeConfig(dir, `
store: ${opts.store}
schedule: "*/2 * * * * *"
backfill: all
log:
  level: info
fetch:
  allowPrivateNetworks: true
  timeout: 5s
  concurrency: 8
delivery:
  retryBase: 200ms
  retryMax: 1s
  shutdownTimeout: 3s
scaleOut:
  keyPrefix: ${opts.keyPrefix}
  leaseTtl: ${opts.leaseTtl ?? '3s'}
  claimTtl: ${opts.claimTtl ?? '8s'}
feeds:
${feeds.join('\n')}
channels:
${CHANNELS.map((c) => `  - id: ${c}\n    platform: console`).join('\n')}
subscriptions:
${subs.join('\n')}
`);
}

/**
 * A private redis-server that keeps its data across a restart (AOF, fsync on every write), as production runs
 * it; tests/unit/store/private-redis.ts starts one without persistence.
 */
export class DurableRedis {
  private proc: ChildProcess | undefined;

  private constructor(readonly port: number, private readonly dir: string) {}

  static async create(dir: string): Promise<DurableRedis> {
    mkdirSync(join(dir, 'redis'), { recursive: true });
    return new DurableRedis(await freePort(), join(dir, 'redis'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'], { stdio: 'ignore' });
    this.proc = proc;
    const until = Date.now() + 10_000;
    for (;;) {
      if (await this.ping()) return;
      if (proc.exitCode !== null || Date.now() > until) throw new Error(`redis-server on port ${this.port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  signal(sig: 'SIGSTOP' | 'SIGCONT'): void {
    this.proc?.kill(sig);
  }

  /** SIGTERM: Redis finishes its AOF and exits, like a service restart. */
  async stop(sig: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGCONT');
    proc.kill(sig);
    await exited;
    this.proc = undefined;
  }

  private async ping(): Promise<boolean> {
    const { connect } = await import('node:net');
    return new Promise((resolve) => {
      const sock = connect(this.port, '127.0.0.1');
      sock.setTimeout(500);
      sock.once('connect', () => sock.write('PING\r\n'));
      sock.once('data', (d) => {
        sock.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      sock.once('timeout', () => { sock.destroy(); resolve(false); });
      sock.once('error', () => resolve(false));
    });
  }
}
