/**
 * A small local HTTP server for feed tests (127.0.0.1 by default; never anything outside 127.0.0.0/8).
 *
 *   const server = await startFeedServer();               // port 0: the OS picks a free port
 *   server.route('/wire.xml', { file: 'rss2-basic.xml', etag: '"v1"' });
 *   server.route('/flaky', sequence([{ status: 500 }, { file: 'rss2-basic.xml' }]));
 *   server.route('/slow', drip('<rss>…', 200));            // any (req, res) handler works too
 *   await fetcher.poll({ id: 'w', url: server.url('/wire.xml') }, undefined);
 *   server.hits('/wire.xml'); server.requests('/wire.xml')[0].headers;
 *   await server.stop();                                    // also cuts connections still streaming
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/feeds');

export interface RouteSpec {
  status?: number;
  headers?: Record<string, string | string[]>;
  /** The body; `file` (relative to tests/fixtures/feeds, or absolute) reads it from disk instead. */
  body?: string | Buffer;
  file?: string;
  /** Default `application/rss+xml; charset=utf-8` for XML files, `application/feed+json` for .json. */
  contentType?: string;
  /** Sent as ETag; a matching If-None-Match gets 304 with no body. */
  etag?: string;
  /** Sent as Last-Modified; an equal If-Modified-Since gets 304. */
  lastModified?: string;
  /** Send the body gzip-compressed (Content-Encoding: gzip). */
  gzip?: boolean;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` */
  readonly origin: string;
  url(pathname: string): string;
  /** Adds or replaces the route for a pathname (query strings are ignored when matching). */
  route(pathname: string, spec: RouteSpec | RouteHandler): void;
  /** Requests received, in order; only those for `pathname` when given. */
  requests(pathname?: string): RecordedRequest[];
  hits(pathname: string): number;
  stop(): Promise<void>;
}

export async function startFeedServer(opts: { host?: string } = {}): Promise<FeedServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error('feed-server only listens on 127.0.0.0/8');
  const routes = new Map<string, RouteHandler>();
  const recorded: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const reqPath = req.url ?? '/';
    recorded.push({ method: req.method ?? 'GET', path: reqPath, headers: req.headers });
    const handler = routes.get(reqPath.split('?')[0]!);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  return {
    host,
    port,
    origin,
    url: (pathname) => `${origin}${pathname}`,
    route(pathname, spec) {
      routes.set(pathname, typeof spec === 'function' ? spec : staticRoute(spec));
    },
    requests: (pathname) => recorded.filter((r) => pathname === undefined || r.path.split('?')[0] === pathname),
    hits: (pathname) => recorded.filter((r) => r.path.split('?')[0] === pathname).length,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads a fixture file (relative to tests/fixtures/feeds). */
export function readFixture(name: string): Buffer {
  return readFileSync(path.isAbsolute(name) ? name : path.join(FIXTURES_DIR, name));
}

/** A handler serving a fixed response, with ETag/Last-Modified conditional GET and optional gzip. */
export function staticRoute(spec: RouteSpec): RouteHandler {
  const raw = spec.file !== undefined ? readFixture(spec.file) : Buffer.from(spec.body ?? '');
  const body = spec.gzip ? gzipSync(raw) : raw;
  const contentType = spec.contentType ?? (spec.file?.endsWith('.json') ? 'application/feed+json' : 'application/rss+xml; charset=utf-8');
  return (req, res) => {
    const headers: Record<string, string | string[]> = { 'content-type': contentType, ...spec.headers };
    if (spec.etag) headers['etag'] = spec.etag;
    if (spec.lastModified) headers['last-modified'] = spec.lastModified;
    if (spec.gzip) headers['content-encoding'] = 'gzip';
    const etagHit = spec.etag !== undefined && req.headers['if-none-match'] === spec.etag;
    const dateHit = spec.lastModified !== undefined && req.headers['if-modified-since'] === spec.lastModified;
    if (etagHit || dateHit) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(spec.status ?? 200, { ...headers, 'content-length': String(body.length) }).end(body);
  };
}

/** Answers each request with the next spec (or handler) in turn, repeating the last one. */
export function sequence(steps: Array<RouteSpec | RouteHandler>): RouteHandler {
  const handlers = steps.map((s) => (typeof s === 'function' ? s : staticRoute(s)));
  let next = 0;
  return (req, res) => handlers[Math.min(next++, handlers.length - 1)]!(req, res);
}

/** Sends headers, then the body one byte every `intervalMs` (a slow-loris feed). */
export function drip(body: string, intervalMs: number): RouteHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= body.length) {
        clearInterval(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body[i++]!);
    }, intervalMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** Accepts the request and never answers (no status line, no headers). */
export function silent(): RouteHandler {
  return () => undefined;
}

/** Sends headers and then `chunk` forever, as fast as the client reads. */
export function endless(chunk: string | Buffer): RouteHandler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', write);
    };
    write();
  };
}

/** A redirect to `location` (absolute or relative). */
export function redirect(location: string, status = 302): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, { location }).end();
  };
}
