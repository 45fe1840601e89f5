/**
 * The gateway half of the fake Discord: plain JSON over WebSocket (no zlib: discord.js only asks for
 * compression when zlib-sync is installed, and we do not install it).
 * Flow as @discordjs/ws drives it: HELLO (op 10) → IDENTIFY (op 2) → READY + GUILD_CREATE, or RESUME (op 6)
 * → RESUMED; heartbeats (op 1) are acknowledged (op 11). Dispatches carry increasing sequence numbers.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeGuild } from './fake-discord-types.js';

export interface GatewayIdentity {
  token: string;
  appId: string;
  botUser: { id: string; username: string };
  guilds: FakeGuild[];
  heartbeatIntervalMs: number;
  resumeUrl: () => string;
}

interface Session {
  id: string;
  seq: number;
  socket: WebSocket;
}

export class FakeGateway {
  readonly received: Array<{ op: number; d: unknown }> = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private sessionCounter = 0;
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly identity: GatewayIdentity) {
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Resolves once some session has been sent READY (or RESUMED). */
  whenReady(): Promise<void> {
    if ([...this.sessions].some((s) => s.seq > 0)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch to every identified session. */
  dispatch(t: string, d: unknown): number {
    let sent = 0;
    for (const session of this.sessions) {
      if (session.seq === 0) continue;
      this.send(session, { op: 0, t, s: ++session.seq, d });
      sent++;
    }
    return sent;
  }

  /** Closes every connection with `code` (e.g. 4000 to make discord.js resume). */
  dropConnections(code = 4000): void {
    for (const session of this.sessions) session.socket.close(code, 'fake: dropped');
  }

  get connectionCount(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const session of this.sessions) session.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const session: Session = { id: '', seq: 0, socket };
    this.sessions.add(session);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('message', (raw) => this.onMessage(session, String(raw)));
    this.send(session, { op: 10, d: { heartbeat_interval: this.identity.heartbeatIntervalMs, _trace: ['fake-gateway'] } });
  }

  private onMessage(session: Session, raw: string): void {
    let payload: { op: number; d: any };
    try {
      payload = JSON.parse(raw) as { op: number; d: any };
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    this.received.push(payload);
    switch (payload.op) {
      case 1:
        this.send(session, { op: 11 });
        return;
      case 2:
        this.identify(session, payload.d);
        return;
      case 6:
        this.resume(session, payload.d);
        return;
      default:
        return; // presence updates, request guild members…: accepted and ignored
    }
  }

  private identify(session: Session, d: { token?: string }): void {
    if (d.token !== this.identity.token && d.token !== `Bot ${this.identity.token}`) {
      session.socket.close(4004, 'Authentication failed.');
      return;
    }
    session.id = `fake-session-${++this.sessionCounter}`;
    const { appId, botUser, guilds } = this.identity;
    this.send(session, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: { id: botUser.id, username: botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: session.id,
        resume_gateway_url: this.identity.resumeUrl(),
        shard: [0, 1],
        application: { id: appId, flags: 0 },
        private_channels: [],
        _trace: ['fake-gateway'],
      },
    });
    for (const guild of guilds) this.send(session, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: buildGuild(guild, botUser.id) });
    this.notifyReady();
  }

  private resume(session: Session, d: { token?: string; session_id?: string; seq?: number }): void {
    const known = d.session_id?.startsWith('fake-session-') && d.token === this.identity.token;
    if (!known) {
      this.send(session, { op: 9, d: false });
      return;
    }
    session.id = d.session_id ?? '';
    session.seq = d.seq ?? 0;
    this.send(session, { op: 0, t: 'RESUMED', s: ++session.seq, d: { _trace: ['fake-gateway'] } });
    this.notifyReady();
  }

  private notifyReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private send(session: Session, payload: unknown): void {
    session.socket.send(JSON.stringify(payload));
  }
}

function buildGuild(guild: FakeGuild, botUserId: string): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: '1',
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: new Date(0).toISOString(),
    features: [],
    premium_tier: 0,
    preferred_locale: 'en-US',
    roles: [
      { id: guild.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
      ...(guild.roles ?? []).map((r, i) => ({ id: r.id, name: r.name, permissions: '0', position: i + 1, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 })),
    ],
    channels: guild.channels.map((c, i) => ({ id: c.id, name: c.name, type: 0, guild_id: guild.id, position: i, permission_overwrites: [] })),
    members: [{ user: { id: botUserId, username: 'newsbot', discriminator: '0', bot: true }, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 }],
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
