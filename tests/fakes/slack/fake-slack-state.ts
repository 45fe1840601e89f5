/** What the fake Slack remembers and what tests script. Plain data so tests can assert on it directly. */

export interface ApiRequest {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Raw request body exactly as sent on the wire (for "nothing unsafe was sent" assertions). */
  rawBody: string;
  /** Decoded parameters; JSON-valued ones (`blocks`, `attachments`) parsed. */
  params: Record<string, unknown>;
  authorization: string | null;
  contentType: string | null;
  /** What the fake answered: HTTP status and Slack `error`, if any. */
  status: number;
  error: string | null;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  params: Record<string, unknown>;
  /** A thread reply: the parent message's ts, as sent. */
  thread_ts?: string;
  /** chat.update calls that changed it, oldest first; `text` and `blocks` above then hold the latest. */
  edits?: Array<{ text: string | undefined; blocks: unknown[] | undefined }>;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
}

export interface ResponseUrlPost {
  /** The id in the response_url the fake issued with the command. */
  id: string;
  rawBody: string;
  body: Record<string, unknown>;
}

export interface SocketAck {
  envelope_id: string;
  payload: unknown;
  rawFrame: string;
}

/** One scripted answer, consumed by the next call of the method it is queued for. */
export type ScriptedFailure =
  /** HTTP 429 with `Retry-After: <seconds>` (omit retryAfter to send none). */
  | { status: 429; retryAfter?: number }
  /** Any other HTTP status (500, 502, 503 …) with a text body. */
  | { status: number }
  /** HTTP 200 with `{ ok: false, error }`, e.g. `channel_not_found`. */
  | { error: string }
  /** The connection is destroyed without an answer (a network error for the client). */
  | { drop: true }
  /** No answer at all until the fake closes (a client timeout). */
  | { hang: true };

export interface FakeChannel {
  id: string;
  name: string;
  archived: boolean;
  /** Whether the bot is a member (chat.postMessage answers `not_in_channel` otherwise). */
  member: boolean;
}

export interface FakeSlackState {
  botToken: string;
  appToken: string;
  teamId: string;
  botUserId: string;
  channels: Map<string, FakeChannel>;
  userGroups: Map<string, string[]>;
  requests: ApiRequest[];
  messages: PostedMessage[];
  ephemerals: EphemeralMessage[];
  responses: ResponseUrlPost[];
  acks: SocketAck[];
  /** Per Web API method (or `response_url`): failures to answer with, in order, before normal service. */
  failures: Map<string, ScriptedFailure[]>;
  /** Pings the fake received from Socket Mode clients (the client's heartbeat). */
  clientPings: number;
  tsSeq: number;
}

export function createFakeSlackState(init: { botToken: string; appToken: string; teamId: string }): FakeSlackState {
  return {
    ...init,
    botUserId: 'U0BOT00001',
    channels: new Map(),
    userGroups: new Map(),
    requests: [],
    messages: [],
    ephemerals: [],
    responses: [],
    acks: [],
    failures: new Map(),
    clientPings: 0,
    tsSeq: 0,
  };
}

export function takeFailure(state: FakeSlackState, method: string): ScriptedFailure | undefined {
  const queue = state.failures.get(method);
  return queue?.shift();
}
