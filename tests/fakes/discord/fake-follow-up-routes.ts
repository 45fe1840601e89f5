/**
 * The fake Discord's routes for story follow-ups: starting a thread on a message (the thread is a channel whose id
 * is the message's, holding its own messages) and editing a message. Answers and error codes as Discord documents
 * them: 160004 for a second thread on one message, 50024 where the channel type has no threads, 10008 for an
 * unknown message.
 */
import type { FakeMessage, FakeThread, RecordedRequest } from './fake-discord-types.js';
import type { RestAnswer, RestState } from './fake-rest-routes.js';

const THREAD_CREATE = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/;
const MESSAGE = /^\/channels\/(\d+)\/messages\/(\d+)$/;
const PUBLIC_THREAD = 11;

const REFUSALS: Record<number, RestAnswer> = {
  50024: { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } },
  50001: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  50013: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
};

/** The answer for a follow-up route, or null when the request is for another route. */
export function routeFollowUp(state: RestState, req: RecordedRequest, validate: (body: unknown) => string | null): RestAnswer | null {
  const create = req.method === 'POST' ? THREAD_CREATE.exec(req.path) : null;
  if (create) return startThread(state, create[1]!, create[2]!, req.body as Record<string, unknown> | null);
  const edit = req.method === 'PATCH' ? MESSAGE.exec(req.path) : null;
  if (edit) return editMessage(state, edit[1]!, edit[2]!, req.body as Record<string, unknown> | null, validate);
  return null;
}

function startThread(state: RestState, parent: string, messageId: string, body: Record<string, unknown> | null): RestAnswer {
  const gone = channelGone(state, parent);
  if (gone) return gone;
  // Threads do not nest, and DMs have none.
  const dm = [...state.dmChannels.values()].includes(parent);
  const refusal = state.threadRefusals.get(parent) ?? (dm || state.threads.has(parent) ? 50024 : undefined);
  if (refusal) return REFUSALS[refusal]!;
  const name = typeof body?.name === 'string' ? body.name : '';
  if (name.length < 1 || name.length > 100) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: 'name must be 1-100 characters' } };
  if (!findMessage(state, parent, messageId)) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
  if (state.threads.has(messageId)) return { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } };
  const thread: FakeThread = { id: messageId, parent_id: parent, name, auto_archive_duration: Number(body?.auto_archive_duration ?? 4320) };
  state.threads.set(messageId, thread);
  return {
    status: 201,
    body: {
      id: thread.id, type: PUBLIC_THREAD, parent_id: parent, name, owner_id: state.options.botUserId, last_message_id: null,
      message_count: 0, member_count: 1, rate_limit_per_user: 0, flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: thread.auto_archive_duration, archive_timestamp: new Date().toISOString(), locked: false },
    },
  };
}

function editMessage(state: RestState, channelId: string, messageId: string, body: Record<string, unknown> | null, validate: (body: unknown) => string | null): RestAnswer {
  const gone = channelGone(state, channelId);
  if (gone) return gone;
  const message = findMessage(state, channelId, messageId);
  if (!message) return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
  const next = { content: (body?.content as string | undefined) ?? message.content, embeds: (body?.embeds as unknown[] | undefined) ?? message.embeds };
  const invalid = validate(next);
  if (invalid) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: invalid } };
  message.content = next.content;
  message.embeds = next.embeds;
  message.edited_timestamp = new Date().toISOString();
  message.edits = [...(message.edits ?? []), { ...(body?.content !== undefined && { content: String(body.content) }), ...(body?.embeds !== undefined && { embeds: body.embeds as unknown[] }) }];
  if (body?.allowed_mentions !== undefined) message.allowed_mentions = body.allowed_mentions;
  return { status: 200, body: { ...message, type: 0, author: { id: state.options.botUserId, username: 'newsbot', bot: true } } };
}

function channelGone(state: RestState, channelId: string): RestAnswer | null {
  const forbidden = state.forbidden.get(channelId);
  if (forbidden === 403) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  if (forbidden === 404) return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
  return null;
}

function findMessage(state: RestState, channelId: string, messageId: string): FakeMessage | undefined {
  return state.messages.get(channelId)?.find((m) => m.id === messageId);
}
