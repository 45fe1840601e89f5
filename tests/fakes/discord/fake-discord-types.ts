/** Shapes the fake Discord records and the options tests use to script it. */

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/channels/1/messages`. */
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or null. */
  body: unknown;
  status: number;
  at: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  nonce: string | null;
  allowed_mentions: unknown;
  timestamp: string;
  /** A reply's `message_reference` as sent (message_id, channel_id, fail_if_not_exists). */
  message_reference?: unknown;
  /** Set by PATCH …/messages/{id}; the message's content and embeds then hold the edited version. */
  edited_timestamp?: string;
  /** Every edit's body, oldest first. */
  edits?: Array<{ content?: string; embeds?: unknown[] }>;
}

/** A thread started on a message: its id is that message's id, and it is a channel the fake keeps messages for. */
export interface FakeThread {
  id: string;
  parent_id: string;
  name: string;
  auto_archive_duration: number;
}

/** What starting a thread in a channel answers instead of creating it (the channel type or permissions refuse). */
export type ThreadRefusal = 50024 | 50001 | 50013;

/** One scripted answer for the next request that matches. */
export interface ScriptedFailure {
  status: 429 | 500 | 502 | 503 | 403 | 404;
  /** Seconds, for 429 (sent as Retry-After and X-RateLimit-Reset-After). */
  retryAfter?: number;
  /** 429: a global limit (X-RateLimit-Global and `global: true`). */
  global?: boolean;
  /** Create the message first, then answer with the failure: a lost response. */
  afterCreate?: boolean;
}

export interface FakeMember {
  id: string;
  name?: string;
  /** Permission bitfield as a decimal string (e.g. String(1n << 4n) for Manage Channels). */
  permissions: string;
  roles?: string[];
}

export interface InjectedInteraction {
  kind: 'command' | 'autocomplete';
  guildId?: string;
  channelId: string;
  member: FakeMember;
  subcommand: string;
  /** A subcommand group (`/alerts me subscribe`). */
  group?: string;
  options?: Record<string, string>;
  /** Autocomplete: the option being typed. */
  focused?: string;
}

/** What the bot answered to one interaction: the callback, then any edits of @original or follow-ups. */
export interface InteractionOutcome {
  callbackType: number;
  /** The final message data (callback type 4, or the PATCH @original after a deferral) or autocomplete data. */
  data: Record<string, unknown>;
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: Array<{ id: string; name: string }>;
  roles?: Array<{ id: string; name: string }>;
}

export interface FakeDiscordOptions {
  token: string;
  appId?: string;
  botUserId?: string;
  guilds?: FakeGuild[];
  /** Gateway heartbeat interval sent in HELLO. */
  heartbeatIntervalMs?: number;
}
