/**
 * A local fake of Discord's REST API (`/api/v10/...`) and gateway, on 127.0.0.1 with an ephemeral port, so the
 * real discord.js Client can be pointed at it with `rest: { api: server.apiUrl }`. It records every request and
 * lets tests script failures and inject interactions. README "Discord" says what it does not implement.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-gateway.js';
import { handleRest, type RestState } from './fake-rest-routes.js';
import { buildInteraction } from './build-interaction.js';
import type {
  FakeDiscordOptions,
  FakeMessage,
  FakeThread,
  InjectedInteraction,
  InteractionOutcome,
  RecordedRequest,
  ScriptedFailure,
  ThreadRefusal,
} from './fake-discord-types.js';

export class FakeDiscordServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;
  private readonly state: RestState;
  private gateway!: FakeGateway;
  private port = 0;

  private constructor(readonly options: Required<FakeDiscordOptions>) {
    this.state = {
      options,
      commands: new Map(),
      messages: new Map(),
      nonces: new Map(),
      dmChannels: new Map(),
      threads: new Map(),
      threadRefusals: new Map(),
      scripted: [],
      forbidden: new Map(),
      interactions: new Map(),
      incomingWebhooks: new Map(),
      nextId: snowflakeCounter(),
    };
    this.server = createServer((req, res) => void this.onRequest(req, res));
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscordServer> {
    const fake = new FakeDiscordServer({
      token: options.token,
      appId: options.appId ?? '900000000000000001',
      botUserId: options.botUserId ?? '900000000000000002',
      guilds: options.guilds ?? [],
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 2000,
    });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    fake.gateway = new FakeGateway({
      token: options.token,
      appId: fake.options.appId,
      botUser: { id: fake.options.botUserId, username: 'newsbot' },
      guilds: fake.options.guilds,
      heartbeatIntervalMs: fake.options.heartbeatIntervalMs,
      resumeUrl: () => fake.gatewayUrl,
    });
    fake.server.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/gateway')) fake.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get gatewayPayloads(): Array<{ op: number; d: unknown }> {
    return this.gateway.received;
  }

  get connectionCount(): number {
    return this.gateway.connectionCount;
  }

  whenGatewayReady(): Promise<void> {
    return this.gateway.whenReady();
  }

  dropGatewayConnections(code?: number): void {
    this.gateway.dropConnections(code);
  }

  /** Registered commands: key `global` or the guild id. */
  commands(scope: string): unknown[] {
    return this.state.commands.get(scope) ?? [];
  }

  messages(channelId: string): FakeMessage[] {
    return this.state.messages.get(channelId) ?? [];
  }

  /** One message as it is now (after any edits), or undefined. */
  message(channelId: string, messageId: string): FakeMessage | undefined {
    return this.messages(channelId).find((m) => m.id === messageId);
  }

  /** The thread started on a message (its id is the message's id); its messages are `messages(thread.id)`. */
  thread(messageId: string): FakeThread | undefined {
    return this.state.threads.get(messageId);
  }

  /** Starting a thread in this channel answers `code` (default 50024, a channel type without threads); null allows them again. */
  refuseThreads(channelId: string, code: ThreadRefusal | null = 50024): void {
    if (code === null) this.state.threadRefusals.delete(channelId);
    else this.state.threadRefusals.set(channelId, code);
  }

  /** Messages the bot sent a user by direct message. */
  directMessages(userId: string): FakeMessage[] {
    const channel = this.state.dmChannels.get(userId);
    return channel ? this.messages(channel) : [];
  }

  /** Creates an incoming webhook posting into `channelId`; returns its URL (`…/api/webhooks/<id>/<token>`). */
  createIncomingWebhook(channelId: string): string {
    const id = this.state.nextId();
    const token = `hook-token-${id}`;
    this.state.incomingWebhooks.set(id, { token, channelId });
    return `${this.apiUrl}/webhooks/${id}/${token}`;
  }

  /** The next requests matching method + path regex get these answers, in order. */
  scriptFailures(method: string, path: RegExp, failures: ScriptedFailure[]): void {
    for (const failure of failures) this.state.scripted.push({ method, path, failure });
  }

  /** Every message POST to this channel answers `status` until cleared (undefined). */
  setChannelStatus(channelId: string, status: 403 | 404 | undefined): void {
    if (status === undefined) this.state.forbidden.delete(channelId);
    else this.state.forbidden.set(channelId, status);
  }

  /** Sends an INTERACTION_CREATE through the gateway and resolves with the bot's final answer. */
  async interact(spec: InjectedInteraction, timeoutMs = 10_000): Promise<InteractionOutcome> {
    const id = this.state.nextId();
    const token = `itoken-${id}`;
    const command = this.commands(spec.guildId ?? 'global').find((c: any) => c.name === 'alerts')
      ?? this.commands('global').find((c: any) => c.name === 'alerts');
    const payload = buildInteraction(spec, { id, token, appId: this.options.appId, commandId: (command as { id?: string } | undefined)?.id ?? '0' });
    const outcome = new Promise<InteractionOutcome>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake discord: no answer to interaction ${id} in ${timeoutMs} ms`)), timeoutMs);
      this.state.interactions.set(token, {
        id,
        deferred: false,
        resolve: (o) => {
          clearTimeout(timer);
          resolve(o);
        },
      });
    });
    if (this.gateway.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('fake discord: no identified gateway session');
    return outcome;
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api(\/v10)?(?=\/)/, '');
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const record: RecordedRequest = { method: req.method ?? 'GET', path, query: url.search, headers: req.headers, body, status: 0, at: Date.now() };
    this.requests.push(record);
    const answer = handleRest(this.state, record, this.gatewayUrl);
    record.status = answer.status;
    const headers: Record<string, string> = { ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }), ...answer.headers };
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }
}

function snowflakeCounter(): () => string {
  let n = 0n;
  const base = BigInt(Date.now() - 1_420_070_400_000) << 22n;
  return () => String(base + ++n);
}
