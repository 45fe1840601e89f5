import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports.js';
import { renderMetrics, type Metrics } from './metrics.js';

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

/** `/healthz` for orchestrators and `/metrics` for Prometheus, on http.port when configured. */
export async function serveHealth(opts: { port: number; host: string; metrics: Metrics; check: () => Promise<HealthCheck>;
  log: Logger }): Promise<HealthServer> {
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
  log.info({ port, host: opts.host }, `health and metrics on ${opts.host}:${port} (/healthz, /metrics)`);
  return {
    server, port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
