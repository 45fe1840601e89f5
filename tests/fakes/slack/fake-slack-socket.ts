import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlackState, SocketAck } from './fake-slack-state.js';

/**
 * Socket Mode, server side: apps.connections.open hands out `ws://…/link/?ticket=…`; the connection gets
 * `hello`, then envelopes (`slash_commands`, `disconnect`); the client answers each envelope with
 * `{ envelope_id, payload }` (the ack). ws answers the client's heartbeat pings with pongs by itself.
 */
export class FakeSlackSocket {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly ackWaiters = new Map<string, (ack: SocketAck) => void>();
  /** Connections accepted so far (reconnects count). */
  connections = 0;
  private pingTimer: NodeJS.Timeout | null = null;

  constructor(private readonly state: FakeSlackState, private readonly baseWsUrl: () => string) {}

  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.baseWsUrl()}/link/?ticket=${ticket}&app_id=A0FAKEAPP1`;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('ping', () => {
      this.state.clientPings += 1;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const rawFrame = data.toString();
      let frame: { envelope_id?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(rawFrame) as typeof frame;
      } catch {
        return;
      }
      if (typeof frame.envelope_id !== 'string') return;
      const ack: SocketAck = { envelope_id: frame.envelope_id, payload: frame.payload, rawFrame };
      this.state.acks.push(ack);
      this.ackWaiters.get(ack.envelope_id)?.(ack);
      this.ackWaiters.delete(ack.envelope_id);
    });
    ws.send(JSON.stringify({
      type: 'hello',
      num_connections: this.sockets.size,
      debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0FAKEAPP1' },
    }));
  }

  openConnections(): number {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Sends one envelope on the newest open connection; resolves with the client's ack. */
  sendEnvelope(type: string, payload: Record<string, unknown>, timeoutMs = 5000): Promise<SocketAck> {
    const ws = [...this.sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!ws) return Promise.reject(new Error('fake Slack: no open Socket Mode connection'));
    const envelopeId = randomUUID();
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.ackWaiters.delete(envelopeId);
        reject(new Error(`fake Slack: no ack for envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.ackWaiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: true }));
    });
  }

  /**
   * Slack pings its clients; once the client has seen a ping it expects the next within its server-ping
   * timeout. `null` stops pinging: a half-dead connection, as far as the client can tell.
   */
  setServerPings(intervalMs: number | null): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    if (intervalMs === null) return;
    this.pingTimer = setInterval(() => {
      for (const ws of this.sockets) if (ws.readyState === ws.OPEN) ws.ping('fake-slack');
    }, intervalMs);
  }

  /** Slack's "please reconnect" (pod recycling): the client closes and opens a new connection. */
  requestReconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    }
  }

  close(): void {
    this.setServerPings(null);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
