/**
 * Child process: serves the synthetic feeds of poll-corpus.ts on several loopback addresses (127.0.0.2 …),
 * with ETag conditional GET. It runs in its own process so the bot's CPU time and resident memory are
 * measured without the server's. Driven over IPC by poll-feed-server.ts.
 *
 *   GET /feed/<n>.xml   feed n at the current version (304 when If-None-Match is the current ETag)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderFeed, type ItemExtra } from './poll-corpus.js';

export type HostCommand =
  | { cmd: 'advance'; id: number }
  | { cmd: 'publish'; id: number; feed: number; title: string }
  | { cmd: 'stats'; id: number };

export interface HostStats {
  requests: number;
  ok: number;
  notModified: number;
  bytes: number;
}

const hostCount = Number(process.env.BENCH_HOSTS ?? 8);
// Each answer waits this long, as a distant server would (bench/poll-hosts); 0 elsewhere.
const delayMs = Number(process.env.BENCH_DELAY_MS ?? 0);
let version = 0;
const extras = new Map<number, ItemExtra[]>();
const stats: HostStats = { requests: 0, ok: 0, notModified: 0, bytes: 0 };
// Extra items get sequence numbers far above any sliding-window number.
let nextExtraSeq = 1_000_000;

function etagOf(feed: number): string {
  return `"v${version}-x${extras.get(feed)?.length ?? 0}"`;
}

function handle(url: string | undefined, ifNoneMatch: string | undefined): { status: number; etag?: string; body?: Buffer } {
  const m = /^\/feed\/(\d+)\.xml$/.exec(url ?? '');
  if (!m) return { status: 404 };
  const feed = Number(m[1]);
  const etag = etagOf(feed);
  if (ifNoneMatch === etag) return { status: 304, etag };
  return { status: 200, etag, body: Buffer.from(renderFeed(feed, version, extras.get(feed))) };
}

async function listen(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (delayMs > 0) setTimeout(() => answer(req, res), delayMs);
    else answer(req, res);
  });
  function answer(req: IncomingMessage, res: ServerResponse): void {
    stats.requests++;
    const out = handle(req.url, req.headers['if-none-match']);
    if (out.status === 304) {
      stats.notModified++;
      res.writeHead(304, { etag: out.etag! }).end();
    } else if (out.body) {
      stats.ok++;
      stats.bytes += out.body.length;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: out.etag!,
        'content-length': String(out.body.length) }).end(out.body);
    } else res.writeHead(out.status).end();
  }
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

const first = await listen('127.0.0.2', 0);
const port = (first.address() as AddressInfo).port;
const hosts = ['127.0.0.2'];
for (let i = 3; i < 2 + hostCount; i++) {
  await listen(`127.0.0.${i}`, port);
  hosts.push(`127.0.0.${i}`);
}

process.on('message', (msg: HostCommand) => {
  if (msg.cmd === 'advance') {
    version++;
    extras.clear();
    process.send!({ id: msg.id });
  } else if (msg.cmd === 'publish') {
    const list = extras.get(msg.feed) ?? [];
    const seq = nextExtraSeq++;
    list.push({ seq, title: msg.title });
    extras.set(msg.feed, list);
    process.send!({ id: msg.id, seq, at: Date.now() });
  } else if (msg.cmd === 'stats') {
    process.send!({ id: msg.id, stats });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true, port, hosts });
