/**
 * A webhook receiver as a newsroom would write one from the README alone (its own HMAC code, not ours): it
 * checks `X-Newsbot-Signature` over `<timestamp>.<raw body>`, refuses timestamps outside a five-minute window,
 * and keeps the Idempotency-Keys it has processed so a resend is acknowledged without being processed twice.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const WINDOW_MS = 5 * 60 * 1000;

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  /** What the receiver made of it. */
  verdict: 'processed' | 'duplicate' | 'missing-header' | 'outside-window' | 'bad-signature' | 'scripted-failure';
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Alert documents processed, once per Idempotency-Key, in arrival order. */
  processed: Array<Record<string, unknown>>;
  /** The next valid request is processed but never answered (the sender dies before it hears back). */
  holdNext(): void;
  held(): ReceivedRequest | undefined;
  /** The next `n` valid requests are answered with `status` before being processed. */
  failNext(n: number, status: number): void;
  /** Shifts the receiver's clock, to replay a request as if later. */
  setSkewMs(ms: number): void;
  /** Sends a request to the receiver as an attacker would replay one. */
  replay(headers: Record<string, string>, body: string): Promise<{ status: number; reason: string }>;
  close(): Promise<void>;
}

export function signAsReceiver(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export async function startWebhookReceiver(secret: string, path = '/hooks/newsbot'): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const processed: Array<Record<string, unknown>> = [];
  const keys = new Set<string>();
  const hanging: ServerResponse[] = [];
  let hold = false;
  let held: ReceivedRequest | undefined;
  let failures: { n: number; status: number } = { n: 0, status: 200 };
  let skewMs = 0;

  function judge(headers: Record<string, string>, body: string): ReceivedRequest['verdict'] {
    const timestamp = headers['x-newsbot-timestamp'];
    const signature = headers['x-newsbot-signature'];
    const key = headers['idempotency-key'];
    if (!timestamp || !signature || !key) return 'missing-header';
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() + skewMs - Number(timestamp) * 1000) > WINDOW_MS) return 'outside-window';
    const expected = Buffer.from(signAsReceiver(secret, timestamp, body));
    const ok = signature.split(',').map((s) => Buffer.from(s.trim()))
      .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
    if (!ok) return 'bad-signature';
    return keys.has(key) ? 'duplicate' : 'processed';
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let verdict = req.method === 'POST' && req.url === path ? judge(headers, body) : 'missing-header';
    if ((verdict === 'processed' || verdict === 'duplicate') && failures.n > 0) {
      failures.n--;
      verdict = 'scripted-failure';
    }
    const status = verdict === 'processed' || verdict === 'duplicate' ? 200 : verdict === 'scripted-failure' ? failures.status : 401;
    const entry: ReceivedRequest = { headers, body, verdict, status };
    requests.push(entry);
    if (verdict === 'processed') {
      keys.add(headers['idempotency-key']!);
      processed.push(JSON.parse(body) as Record<string, unknown>);
    }
    if (verdict === 'processed' && hold) {
      hold = false;
      held = entry;
      hanging.push(res);
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain' }).end(verdict);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return {
    url, requests, processed,
    holdNext: () => void (hold = true),
    held: () => held,
    failNext: (n, status) => void (failures = { n, status }),
    setSkewMs: (ms) => void (skewMs = ms),
    async replay(headers, body) {
      const res = await fetch(url, { method: 'POST', headers, body });
      return { status: res.status, reason: await res.text() };
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
