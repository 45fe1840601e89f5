import type { FakeSlackState, PostedMessage } from './fake-slack-state.js';

/** A Slack Web API answer: HTTP 200 with `{ ok, … }` like the real API. */
export type ApiAnswer = Record<string, unknown> & { ok: boolean; error?: string };

type Handler = (state: FakeSlackState, params: Record<string, unknown>, token: string | null, ctx: ApiContext) => ApiAnswer;

export interface ApiContext {
  /** ws:// URL for a Socket Mode connection with a fresh ticket. */
  issueSocketUrl(): string;
}

const JSON_PARAMS = new Set(['blocks', 'attachments', 'metadata']);

/** Decodes a Web API body the way Slack does: form-encoded (what the WebClient sends) or JSON. */
export function decodeApiBody(raw: string, contentType: string | null): Record<string, unknown> {
  if (contentType?.includes('application/json')) {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_PARAMS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // Real Slack answers invalid_blocks for unparsable JSON; the handler checks the type.
      }
    }
    out[key] = value;
  }
  return out;
}

const needBot = (state: FakeSlackState, token: string | null): ApiAnswer | null => {
  if (!token) return { ok: false, error: 'not_authed' };
  if (token === state.appToken) return { ok: false, error: 'not_allowed_token_type' };
  if (token !== state.botToken) return { ok: false, error: 'invalid_auth' };
  return null;
};

/** Slack's own limits, enforced so a formatter that breaks them fails the tests as it would in production. */
export function validateBlocks(blocks: unknown): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > 50) return 'invalid_blocks';
  for (const block of blocks as Array<Record<string, any>>) {
    if (block.type === 'section' && !validSection(block)) return 'invalid_blocks';
    if (block.type === 'header' && (block.text?.type !== 'plain_text' || block.text.text.length > 150)) return 'invalid_blocks';
    if (block.type === 'context') {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) return 'invalid_blocks';
      if (elements.some((e: any) => typeof e.text === 'string' && e.text.length > 3000)) return 'invalid_blocks';
    }
  }
  return null;
}

/** A section needs `text` (≤ 3000) or `fields` (1–10 texts, ≤ 2000 each), as Slack documents. */
function validSection(block: Record<string, any>): boolean {
  const { text, fields } = block;
  if (text !== undefined && (typeof text?.text !== 'string' || text.text.length > 3000)) return false;
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length === 0 || fields.length > 10) return false;
    if (fields.some((f: any) => typeof f?.text !== 'string' || f.text.length > 2000)) return false;
  }
  return text !== undefined || fields !== undefined;
}

function checkChannel(state: FakeSlackState, id: unknown): ApiAnswer | null {
  // A user id posts to the app's direct messages with that user (Slack opens the DM itself).
  if (typeof id === 'string' && /^[UW][A-Z0-9]{2,}$/.test(id)) return null;
  const channel = typeof id === 'string' ? state.channels.get(id) : undefined;
  if (!channel) return { ok: false, error: 'channel_not_found' };
  if (channel.archived) return { ok: false, error: 'is_archived' };
  if (!channel.member) return { ok: false, error: 'not_in_channel' };
  return null;
}

function nextTs(state: FakeSlackState): string {
  state.tsSeq += 1;
  return `${1_700_000_000 + state.tsSeq}.${String(state.tsSeq).padStart(6, '0')}`;
}

const handlers: Record<string, Handler> = {
  'auth.test': (state, _p, token) => needBot(state, token) ?? {
    ok: true, url: 'https://fake-newsroom.slack.com/', team: 'Fake Newsroom', user: 'newsbot',
    team_id: state.teamId, user_id: state.botUserId, bot_id: 'B0BOT00001', is_enterprise_install: false,
  },
  'apps.connections.open': (state, _p, token, ctx) => {
    if (!token) return { ok: false, error: 'not_authed' };
    if (token !== state.appToken) return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: ctx.issueSocketUrl() };
  },
  'chat.postMessage': (state, p, token) => {
    const denied = needBot(state, token) ?? checkChannel(state, p.channel);
    if (denied) return denied;
    if (!p.text && !p.blocks) return { ok: false, error: 'no_text' };
    const blockError = validateBlocks(p.blocks);
    if (blockError) return { ok: false, error: blockError };
    const message: PostedMessage = {
      channel: String(p.channel), ts: nextTs(state), text: p.text as string | undefined,
      blocks: p.blocks as unknown[] | undefined, params: p,
      ...(typeof p.thread_ts === 'string' && p.thread_ts !== '' && { thread_ts: p.thread_ts }),
    };
    state.messages.push(message);
    return { ok: true, channel: message.channel, ts: message.ts, message: { type: 'message', text: message.text, ts: message.ts } };
  },
  'chat.update': (state, p, token) => {
    const denied = needBot(state, token) ?? checkChannel(state, p.channel);
    if (denied) return denied;
    const message = state.messages.find((m) => m.channel === p.channel && m.ts === p.ts);
    if (!message) return { ok: false, error: 'message_not_found' };
    if (!p.text && !p.blocks) return { ok: false, error: 'no_text' };
    const blockError = validateBlocks(p.blocks);
    if (blockError) return { ok: false, error: blockError };
    // Slack keeps the old blocks when an update sends only text, and the old text when it sends only blocks.
    if (p.text !== undefined) message.text = p.text as string;
    if (p.blocks !== undefined) message.blocks = p.blocks as unknown[];
    message.edits = [...(message.edits ?? []), { text: p.text as string | undefined, blocks: p.blocks as unknown[] | undefined }];
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: { type: 'message', text: message.text, edited: { user: state.botUserId } } };
  },
  'chat.postEphemeral': (state, p, token) => {
    const denied = needBot(state, token) ?? checkChannel(state, p.channel);
    if (denied) return denied;
    if (typeof p.user !== 'string') return { ok: false, error: 'user_not_found' };
    state.ephemerals.push({
      channel: String(p.channel), user: p.user, text: p.text as string | undefined, blocks: p.blocks as unknown[] | undefined,
    });
    return { ok: true, message_ts: nextTs(state) };
  },
  'usergroups.users.list': (state, p, token) => {
    const denied = needBot(state, token);
    if (denied) return denied;
    const users = typeof p.usergroup === 'string' ? state.userGroups.get(p.usergroup) : undefined;
    return users ? { ok: true, users: [...users] } : { ok: false, error: 'no_such_subteam' };
  },
  'conversations.info': (state, p, token) => {
    const denied = needBot(state, token);
    if (denied) return denied;
    const channel = typeof p.channel === 'string' ? state.channels.get(p.channel) : undefined;
    if (!channel) return { ok: false, error: 'channel_not_found' };
    return { ok: true, channel: { id: channel.id, name: channel.name, is_archived: channel.archived, is_member: channel.member } };
  },
};

export function answerApiCall(
  state: FakeSlackState, method: string, params: Record<string, unknown>, token: string | null, ctx: ApiContext,
): ApiAnswer {
  const handler = handlers[method];
  return handler ? handler(state, params, token, ctx) : { ok: false, error: 'unknown_method' };
}
