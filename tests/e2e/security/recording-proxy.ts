/**
 * A loopback HTTP proxy in front of a fake platform's API: records every request exactly as the bot sent it
 * (method, path, headers, raw body) and can answer the next matching requests itself with a scripted status
 * (401, 500 …) instead of forwarding. WebSocket upgrades are not proxied: both fakes hand out their own
 * WebSocket URL, so gateway and Socket Mode traffic goes straight to them.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the bot got back. */
  status: number;
}

export interface RecordingProxy {
  /** The proxy's base with the target's path, e.g. `http://127.0.0.1:<port>/api`. */
  url: string;
  recorded: ProxiedRequest[];
  /** The next requests whose method and path match get these statuses, one each, in order. */
  failNext(method: string, path: RegExp, ...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(targetBase: string): Promise<RecordingProxy> {
  const target = new URL(targetBase);
  const recorded: ProxiedRequest[] = [];
  const scripted: Array<{ method: string; path: RegExp; status: number }> = [];
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const entry: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: body.toString('utf8'), status: 0 };
    recorded.push(entry);
    const index = scripted.findIndex((s) => s.method === entry.method && s.path.test(entry.path));
    if (index >= 0) {
      const [failure] = scripted.splice(index, 1);
      entry.status = failure!.status;
      const text = failure!.status === 401 ? { message: '401: Unauthorized', code: 0, ok: false, error: 'invalid_auth' } : { message: 'upstream error', ok: false };
      res.writeHead(failure!.status, { 'content-type': 'application/json' }).end(JSON.stringify(text));
      return;
    }
    const answer = await forward(req, body);
    entry.status = answer.status;
    res.writeHead(answer.status, answer.headers).end(answer.body);
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request({
        host: target.hostname, port: target.port, method: req.method, path: req.url,
        headers: { ...req.headers, host: target.host },
      }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }));
        answer.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    recorded,
    failNext(method, path, ...statuses) {
      for (const status of statuses) scripted.push({ method, path, status });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
