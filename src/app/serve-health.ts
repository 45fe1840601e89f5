import { createServer, type Server } from 'node:http';
import type { Logger } from '../core/ports.js';
import { renderMetrics, type Metrics } from './metrics.js';

/** `/healthz` for orchestrators and `/metrics` for Prometheus, on http.port when configured. */
export async function serveHealth(port: number, metrics: Metrics, isHealthy: () => boolean, log: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      const ok = isHealthy();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unhealthy' }));
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(renderMetrics(metrics));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  log.info({ port }, `health and metrics on :${port} (/healthz, /metrics)`);
  return server;
}
