/** The REST routes of the fake Discord. Pure request → answer over a shared in-memory state. */
import type {
  FakeDiscordOptions, FakeMessage, FakeThread, InteractionOutcome, RecordedRequest, ScriptedFailure, ThreadRefusal,
} from './fake-discord-types.js';
import { routeFollowUp } from './fake-follow-up-routes.js';

export interface RestState {
  options: Required<FakeDiscordOptions>;
  /** `global` or a guild id → registered commands. */
  commands: Map<string, any[]>;
  messages: Map<string, FakeMessage[]>;
  /** `<channel>\u0000<nonce>` → message, for `enforce_nonce`. */
  nonces: Map<string, FakeMessage>;
  scripted: Array<{ method: string; path: RegExp; failure: ScriptedFailure }>;
  forbidden: Map<string, 403 | 404>;
  interactions: Map<string, { id: string; deferred: boolean; resolve: (o: InteractionOutcome) => void }>;
  /** Incoming webhooks (Server Settings → Integrations → Webhooks): id → its token and channel. */
  incomingWebhooks: Map<string, { token: string; channelId: string }>;
  /** User id → the id of the bot's DM channel with them (POST /users/@me/channels). */
  dmChannels: Map<string, string>;
  /** Threads started on messages, by id (= the message's id). */
  threads: Map<string, FakeThread>;
  /** Channels where starting a thread answers this code instead. */
  threadRefusals: Map<string, ThreadRefusal>;
  nextId: () => string;
}

export interface RestAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const okLimits = (bucket: string) => ({
  'x-ratelimit-limit': '5',
  'x-ratelimit-remaining': '4',
  'x-ratelimit-reset-after': '1',
  'x-ratelimit-bucket': bucket,
});

export function handleRest(state: RestState, req: RecordedRequest, gatewayUrl: string): RestAnswer {
  const scriptedIndex = state.scripted.findIndex((s) => s.method === req.method && s.path.test(req.path));
  const scripted = scriptedIndex >= 0 ? state.scripted.splice(scriptedIndex, 1)[0]!.failure : undefined;
  if (scripted && !scripted.afterCreate) return answerFailure(scripted);
  const answer = route(state, req, gatewayUrl);
  return scripted ? answerFailure(scripted) : answer;
}

function route(state: RestState, req: RecordedRequest, gatewayUrl: string): RestAnswer {
  const { method, path } = req;
  const opts = state.options;
  const interactionCallback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
  if (method === 'POST' && interactionCallback) return answerCallback(state, interactionCallback[2]!, req.body as any);
  const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
  const incoming = webhook && !webhook[3] && method === 'POST' ? state.incomingWebhooks.get(webhook[1]!) : undefined;
  if (incoming) return executeIncomingWebhook(state, incoming, webhook![2]!, req);
  if (webhook) return answerWebhook(state, method, webhook[2]!, Boolean(webhook[3]), req.body as any);

  if (req.headers.authorization !== `Bot ${opts.token}`) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  if (method === 'GET' && path === '/gateway/bot') {
    return {
      status: 200,
      body: { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
    };
  }
  if (method === 'GET' && path === '/users/@me') {
    return { status: 200, body: { id: opts.botUserId, username: 'newsbot', discriminator: '0', global_name: null, avatar: null, bot: true } };
  }
  if (method === 'GET' && path === '/applications/@me') {
    return { status: 200, body: { id: opts.appId, name: 'newsbot', description: '', icon: null, flags: 0, bot_public: true, bot_require_code_grant: false } };
  }
  const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
  if (commands) {
    if (commands[1] !== opts.appId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
    const scope = commands[2] ?? 'global';
    if (method === 'GET') return { status: 200, headers: okLimits('commands'), body: state.commands.get(scope) ?? [] };
    if (method === 'PUT') {
      const registered = (req.body as any[]).map((c) => ({
        id: state.nextId(),
        application_id: opts.appId,
        version: state.nextId(),
        type: 1,
        default_member_permissions: null,
        nsfw: false,
        ...c,
        ...(commands[2] ? { guild_id: commands[2] } : {}),
      }));
      state.commands.set(scope, registered);
      return { status: 200, headers: okLimits('commands'), body: registered };
    }
  }
  if (method === 'POST' && path === '/users/@me/channels') return openDmChannel(state, req.body as { recipient_id?: unknown });
  const messages = /^\/channels\/(\d+)\/messages$/.exec(path);
  if (messages && method === 'POST') return createMessage(state, messages[1]!, req.body as any);
  return routeFollowUp(state, req, validateMessage) ?? { status: 404, body: { message: '404: Not Found', code: 0 } };
}

/** Discord answers with the same DM channel every time for one recipient. */
function openDmChannel(state: RestState, body: { recipient_id?: unknown }): RestAnswer {
  const user = typeof body.recipient_id === 'string' && /^\d+$/.test(body.recipient_id) ? body.recipient_id : null;
  if (!user) return { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
  let id = state.dmChannels.get(user);
  if (!id) {
    id = state.nextId();
    state.dmChannels.set(user, id);
  }
  return { status: 200, body: { id, type: 1, last_message_id: null, recipients: [{ id: user, username: `user${user.slice(-4)}`, discriminator: '0' }] } };
}

function createMessage(state: RestState, channelId: string, body: any): RestAnswer {
  const forbidden = state.forbidden.get(channelId);
  if (forbidden === 403) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  if (forbidden === 404) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
  const invalid = validateMessage(body);
  if (invalid) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: invalid } };
  const nonceKey = body.nonce != null ? `${channelId}\u0000${String(body.nonce)}` : null;
  if (nonceKey && body.enforce_nonce === true) {
    const existing = state.nonces.get(nonceKey);
    if (existing) return { status: 200, headers: okLimits('messages'), body: existing };
  }
  const message: FakeMessage = {
    id: state.nextId(),
    channel_id: channelId,
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    nonce: body.nonce != null ? String(body.nonce) : null,
    allowed_mentions: body.allowed_mentions,
    timestamp: new Date().toISOString(),
    ...(body.message_reference !== undefined && { message_reference: body.message_reference }),
  };
  const list = state.messages.get(channelId) ?? [];
  list.push(message);
  state.messages.set(channelId, list);
  if (nonceKey) state.nonces.set(nonceKey, message);
  return { status: 200, headers: okLimits('messages'), body: { ...message, type: 0, author: { id: state.options.botUserId, username: 'newsbot', bot: true } } };
}

/** Discord's documented embed limits; the fake refuses what Discord would refuse. */
export function validateMessage(body: any): string | null {
  if (typeof body !== 'object' || body === null) return 'body must be an object';
  const embeds: any[] = body.embeds ?? [];
  if (!body.content && embeds.length === 0) return 'content or embeds required';
  if ((body.content ?? '').length > 2000) return 'content longer than 2000';
  if (embeds.length > 10) return 'more than 10 embeds';
  if (body.nonce != null && String(body.nonce).length > 25) return 'nonce longer than 25';
  let total = 0;
  for (const e of embeds) {
    const title = e.title ?? '';
    const description = e.description ?? '';
    const footer = e.footer?.text ?? '';
    if (title.length > 256) return 'embed title longer than 256';
    if (description.length > 4096) return 'embed description longer than 4096';
    if (footer.length > 2048) return 'embed footer longer than 2048';
    total += title.length + description.length + footer.length + (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) {
      if (f.name.length > 256 || f.value.length > 1024) return 'embed field too long';
      total += f.name.length + f.value.length;
    }
  }
  return total > 6000 ? 'embeds longer than 6000 in total' : null;
}

function answerCallback(state: RestState, token: string, body: any): RestAnswer {
  const pending = state.interactions.get(token);
  if (!pending) return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
  if (body.type === 5) {
    pending.deferred = true;
    return { status: 204 };
  }
  pending.resolve({ callbackType: body.type, data: body.data ?? {} });
  return { status: 204 };
}

/** Execute Webhook: the message lands in the webhook's channel; `?wait=true` answers with it, else 204. */
function executeIncomingWebhook(state: RestState, hook: { token: string; channelId: string }, token: string, req: RecordedRequest): RestAnswer {
  if (token !== hook.token) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
  const created = createMessage(state, hook.channelId, req.body as any);
  if (created.status !== 200 || new URLSearchParams(req.query).get('wait') === 'true') return created;
  return { status: 204, headers: okLimits('webhook') };
}

function answerWebhook(state: RestState, method: string, token: string, original: boolean, body: any): RestAnswer {
  const pending = state.interactions.get(token);
  if (!pending) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
  const message = { id: pending.id, type: 20, channel_id: '0', content: body?.content ?? '', embeds: body?.embeds ?? [], flags: 64, timestamp: new Date().toISOString(), author: { id: state.options.botUserId, username: 'newsbot', bot: true } };
  if (method === 'PATCH' && original && pending.deferred) pending.resolve({ callbackType: 5, data: body ?? {} });
  return { status: 200, body: message };
}

function answerFailure(failure: ScriptedFailure): RestAnswer {
  if (failure.status === 429) {
    const retryAfter = failure.retryAfter ?? 1;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'messages',
      'x-ratelimit-scope': failure.global ? 'global' : 'user',
    };
    if (failure.global) headers['x-ratelimit-global'] = 'true';
    return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: Boolean(failure.global), ...(failure.global ? { code: 0 } : {}) } };
  }
  if (failure.status === 403) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  if (failure.status === 404) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
  return { status: failure.status, body: { message: 'Internal Server Error', code: 0 } };
}
