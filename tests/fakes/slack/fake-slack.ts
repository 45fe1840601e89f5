import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerApiCall, decodeApiBody } from './fake-slack-web-api.js';
import { FakeSlackSocket } from './fake-slack-socket.js';
import {
  createFakeSlackState, takeFailure, type FakeChannel, type FakeSlackState, type ScriptedFailure, type SocketAck,
} from './fake-slack-state.js';

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
}

export interface SlashCommandFields {
  text: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  command?: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/`: give it to the app as SLACK_API_URL. */
  apiUrl: string;
  baseUrl: string;
  state: FakeSlackState;
  socket: FakeSlackSocket;
  addChannel(id: string, opts?: Partial<Omit<FakeChannel, 'id'>>): void;
  setUserGroup(id: string, users: string[]): void;
  /** Queues failures for the next calls of `method` (a Web API method, or `response_url`). */
  failNext(method: string, ...failures: ScriptedFailure[]): void;
  /** The full slash-command payload Slack would send, with a fresh response_url on this fake. */
  buildSlashCommand(fields: SlashCommandFields): Record<string, string>;
  /** Socket Mode: delivers a `slash_commands` envelope and resolves with the client's ack. */
  sendSocketCommand(fields: SlashCommandFields): Promise<{ ack: SocketAck; payload: Record<string, string> }>;
  requests(method?: string): FakeSlackState['requests'];
  close(): Promise<void>;
}

export const FAKE_BOT_TOKEN = 'xoxb-fake-bot-token-0001';
export const FAKE_APP_TOKEN = 'xapp-1-fake-app-token-0001';

/** A local Slack: Web API, response_url endpoints and Socket Mode, on 127.0.0.1 and an ephemeral port. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const state = createFakeSlackState({
    botToken: opts.botToken ?? FAKE_BOT_TOKEN, appToken: opts.appToken ?? FAKE_APP_TOKEN, teamId: opts.teamId ?? 'T0FAKETEAM',
  });
  let baseUrl = '';
  const socket = new FakeSlackSocket(state, () => baseUrl.replace(/^http/, 'ws'));
  let responseSeq = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => route(req, res, raw)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, sock, head) => socket.handleUpgrade(req, sock, head));

  function route(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path.startsWith('/api/')) return serveApi(path.slice(5), req, res, raw);
    if (req.method === 'POST' && path.startsWith('/response/')) return serveResponseUrl(path.slice(10), res, raw);
    res.writeHead(404).end();
  }

  function serveApi(method: string, req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const contentType = req.headers['content-type'] ?? null;
    const params = decodeApiBody(rawBody, contentType);
    const authorization = req.headers.authorization ?? null;
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? (typeof params.token === 'string' ? params.token : null);
    const record = { method, rawBody, params, authorization, contentType, status: 200, error: null as string | null };
    state.requests.push(record);
    const failure = takeFailure(state, method);
    if (failure) return answerFailure(failure, res, record);
    const answer = answerApiCall(state, method, params, token, { issueSocketUrl: () => socket.issueUrl() });
    record.error = answer.ok ? null : answer.error ?? 'unknown';
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  function serveResponseUrl(id: string, res: ServerResponse, rawBody: string): void {
    const failure = takeFailure(state, 'response_url');
    if (failure) return answerFailure(failure, res, { status: 200, error: null });
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      res.writeHead(400).end('invalid_payload');
      return;
    }
    state.responses.push({ id, rawBody, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    state,
    socket,
    addChannel(id, o = {}) {
      state.channels.set(id, { id, name: o.name ?? id.toLowerCase(), archived: o.archived ?? false, member: o.member ?? true });
    },
    setUserGroup(id, users) {
      state.userGroups.set(id, users);
    },
    failNext(method, ...failures) {
      state.failures.set(method, [...(state.failures.get(method) ?? []), ...failures]);
    },
    buildSlashCommand(fields) {
      responseSeq += 1;
      return {
        token: 'deprecated-verification-token',
        team_id: fields.team_id ?? state.teamId,
        team_domain: 'fake-newsroom',
        channel_id: fields.channel_id ?? 'C0DESK0001',
        channel_name: fields.channel_name ?? 'afghanistan',
        user_id: fields.user_id ?? 'U0STAFF001',
        user_name: fields.user_name ?? 'editor',
        command: fields.command ?? '/alerts',
        text: fields.text,
        api_app_id: 'A0FAKEAPP1',
        is_enterprise_install: 'false',
        response_url: `${baseUrl}/response/${responseSeq}`,
        trigger_id: `${responseSeq}.1.fake`,
      };
    },
    async sendSocketCommand(fields) {
      const payload = fake.buildSlashCommand(fields);
      const ack = await socket.sendEnvelope('slash_commands', payload);
      return { ack, payload };
    },
    requests(method) {
      return method ? state.requests.filter((r) => r.method === method) : state.requests;
    },
    async close() {
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function answerFailure(failure: ScriptedFailure, res: ServerResponse, record: { status: number; error: string | null }): void {
  if ('hang' in failure) {
    record.status = 0;
    record.error = 'hang';
    return;
  }
  if ('drop' in failure) {
    record.status = 0;
    record.error = 'dropped';
    res.socket?.destroy();
    return;
  }
  if ('error' in failure) {
    record.error = failure.error;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: failure.error }));
    return;
  }
  record.status = failure.status;
  record.error = failure.status === 429 ? 'ratelimited' : `http_${failure.status}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (failure.status === 429 && 'retryAfter' in failure && failure.retryAfter !== undefined) {
    headers['retry-after'] = String(failure.retryAfter);
  }
  const body = failure.status === 429 ? JSON.stringify({ ok: false, error: 'ratelimited' }) : 'upstream error';
  res.writeHead(failure.status, headers).end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
