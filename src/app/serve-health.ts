import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports.js';
import { renderMetrics, type Metrics } from './metrics.js';
import { authorizeStatus } from './status-page/authorize-status.js';

export interface HealthCheck {
  ok: boolean;
  /** Why not ok, for the orchestrator's event log. */
  reason?: string;
}

export interface HealthServer {
  server: Server;
  /** The bound port (differs from the configured one when that was 0). */
  port: number;
  close(): Promise<void>;
}

export interface StatusPage {
  /** NEWSBOT_STATUS_TOKEN; without it the page answers on loopback addresses only. */
  token?: string;
  render(): Promise<string>;
}

// The page is ours alone: no script, no outside resources, never framed, never cached.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/** `/healthz` for orchestrators, `/metrics` for Prometheus and the status page at `/`, on http.port when configured. */
export async function serveHealth(opts: { port: number; host: string; metrics: Metrics; check: () => Promise<HealthCheck>;
  log: Logger; status?: StatusPage }): Promise<HealthServer> {
  const { log } = opts;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      opts.check().catch((err: unknown) => ({ ok: false, reason: (err as Error).message })).then((health) => {
        res.writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(health.ok ? { status: 'ok' } : { status: 'unhealthy', reason: health.reason }));
      }, () => undefined);
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' });
      res.end(renderMetrics(opts.metrics));
    } else if ((path === '/' || path === '/status') && opts.status) {
      serveStatus(req, res, opts.status, log);
    } else {
      res.writeHead(404).end();
    }
  });
  // Probes keep connections open; do not let them hold the process at shutdown.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'health server error'));
  const port = (server.address() as AddressInfo).port;
  log.info({ port, host: opts.host }, `health and metrics on ${opts.host}:${port} (/healthz, /metrics${opts.status ? ', status page /' : ''})`);
  return {
    server, port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function serveStatus(req: IncomingMessage, res: ServerResponse, page: StatusPage, log: Logger): void {
  const access = authorizeStatus(req, page.token);
  if (!access.ok) {
    res.writeHead(access.status, access.headers).end(access.body);
    return;
  }
  page.render().then((html) => {
    res.writeHead(200, PAGE_HEADERS).end(req.method === 'HEAD' ? undefined : html);
  }, (err: unknown) => {
    // The reason goes to the (redacting) log only: a store error may name hosts or users.
    log.warn({ err }, 'status page could not be built');
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
      .end('The status page cannot read the store right now; see the log.\n');
  });
}
