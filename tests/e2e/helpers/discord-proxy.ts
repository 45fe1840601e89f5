/**
 * A loopback proxy in front of the fake Discord's REST API, for what the fake itself cannot do: keep the answer
 * to a message POST that Discord already stored (so a test can kill or stop the bot between Discord's 2xx and
 * our mark), and be down for a long stretch (503s, or connections cut). The gateway is not proxied: the fake's
 * `/gateway/bot` answer sends discord.js straight to the fake's WebSocket.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const MESSAGE_POST = /^\/api\/v10\/channels\/\d+\/messages$/;

export type ProxyMode = 'pass' | 'unavailable' | 'reset';

export interface HeldAnswer {
  status: number;
  /** The nonce the bot sent. */
  nonce: string;
  /** Sends the answer Discord gave; no-op once the bot's connection is gone. */
  release(): void;
}

export interface DiscordProxy {
  apiUrl: string;
  /** pass: forward; unavailable: message POSTs get 503 (Discord not reached); reset: their connections are cut. */
  setMode(mode: ProxyMode): void;
  /** The next `count` message POSTs reach Discord, but their answers are kept until released. */
  holdNext(count?: number): void;
  /** Answers kept so far, in order. */
  held(): HeldAnswer[];
  close(): Promise<void>;
}

export async function startDiscordProxy(targetApiUrl: string): Promise<DiscordProxy> {
  const target = new URL(targetApiUrl);
  let mode: ProxyMode = 'pass';
  let toHold = 0;
  const held: HeldAnswer[] = [];
  const server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isMessagePost = req.method === 'POST' && MESSAGE_POST.test(req.url ?? '');
    if (isMessagePost && mode === 'reset') {
      req.socket.destroy();
      return;
    }
    if (isMessagePost && mode === 'unavailable') {
      res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'upstream connect error', code: 0 }));
      return;
    }
    const hold = isMessagePost && toHold > 0;
    if (hold) toHold--;
    const answer = await forward(req, body);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    };
    if (!hold) return send();
    const nonce = String((JSON.parse(body.toString('utf8')) as { nonce?: unknown }).nonce ?? '');
    held.push({ status: answer.status, nonce, release: send });
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (d: Buffer) => parts.push(d));
        up.on('end', () => {
          const out: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') out[k] = v;
          resolve({ status: up.statusCode ?? 502, headers: out, body: Buffer.concat(parts) });
        });
        up.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}${target.pathname}`,
    setMode: (next) => (mode = next),
    holdNext: (count = 1) => (toHold = count),
    held: () => held,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
