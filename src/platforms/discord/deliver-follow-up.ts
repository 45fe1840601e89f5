/**
 * Delivers a story's follow-up (update, kill, also) on Discord, where the app said it goes:
 *
 * - `reply`: into a thread started on the first alert's message. A thread started from a message has that
 *   message's id, so its id is known before it exists; it is created on the first reply (Discord answers 160004
 *   when it already exists: after a restart, or when the answer to our create was lost, and we simply use it).
 *   Where threads are not possible (a DM, a channel type without threads, no permission to create them, the
 *   first message deleted) the follow-up is an ordinary reply to the first message instead.
 * - `edit` (a kill): the first alert's message is rebuilt in place, struck through. Editing is idempotent, so a
 *   retry is harmless; a message that no longer exists leaves nothing to edit and is not retried.
 * - `standalone`: a message of its own in the channel.
 *
 * Errors other than the ones handled here are thrown for create-discord-platform to classify like any alert's.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { DeliveryRecord, DeliveryAttempt, DeliveryResult, Logger } from '../../core/ports.js';
import { buildAlertMessage, safeLink, type DiscordMessageBody } from './build-alert-message.js';
import { buildWithdrawnEmbed, threadNameOf } from './build-follow-up-embed.js';

export interface FollowUpSender {
  deliver(attempt: DeliveryAttempt & { followUp: NonNullable<DeliveryAttempt['followUp']> }, channelId: string): Promise<DeliveryResult>;
}

export interface FollowUpSenderOptions {
  rest: REST;
  log: Logger;
  nonceOf(attempt: DeliveryAttempt): string;
  colorOf(feed: string): number | undefined;
  /** How many first messages' thread decisions are remembered (oldest forgotten first). */
  rememberThreads?: number;
}

/** Thread creation refused for this message: reply to it instead (and do not ask again for this story). */
const NO_THREAD_CODES = new Set<number>([
  RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownMessage,
]);

/** Posting into a known thread failed because of the thread itself (deleted, locked, no thread permission). */
const THREAD_UNUSABLE_CODES = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.ThreadLocked,
  RESTJSONErrorCodes.InvalidActionOnArchivedThread,
]);

interface PostedMessage {
  id: string;
  channel_id?: string;
}

type ReplyBody = DiscordMessageBody & {
  message_reference?: { message_id: string; channel_id: string; fail_if_not_exists: false };
};

export function createFollowUpSender(opts: FollowUpSenderOptions): FollowUpSender {
  const { rest, log } = opts;
  // First message id → its thread id, or null where threads were refused. Lost on restart, which only costs
  // one create answered 160004 (or one refused create) per story.
  const threads = new Map<string, string | null>();
  const limit = opts.rememberThreads ?? 10_000;
  function remember(messageId: string, thread: string | null): void {
    threads.delete(messageId);
    threads.set(messageId, thread);
    if (threads.size > limit) threads.delete(threads.keys().next().value!);
  }

  async function post(channelId: string, body: ReplyBody): Promise<PostedMessage> {
    return (await rest.post(Routes.channelMessages(channelId), { body })) as PostedMessage;
  }

  /** The thread on the first message, created if needed; null where this message cannot have one. */
  async function openThread(parent: string, messageId: string, name: string): Promise<string | null> {
    const known = threads.get(messageId);
    if (known !== undefined) return known;
    let thread: string | null;
    try {
      const created = (await rest.post(Routes.threads(parent, messageId), { body: { name, auto_archive_duration: 1440 } })) as { id: string };
      thread = created.id;
    } catch (error) {
      if (codeOf(error) === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) thread = messageId;
      else if (NO_THREAD_CODES.has(codeOf(error))) {
        log.info({ channel: parent, message: messageId, code: codeOf(error) }, 'discord: no thread possible on the first alert; replying to it instead');
        thread = null;
      } else throw error;
    }
    remember(messageId, thread);
    return thread;
  }

  async function reply(attempt: DeliveryAttempt, original: DeliveryRecord & { messageId: string }, channelId: string, body: ReplyBody): Promise<DeliveryResult> {
    const parent = original.ref.channelId ?? channelId;
    const guild = original.ref.guildId ?? attempt.target.guild;
    const withGuild = (ref: Record<string, string>) => (guild ? { ...ref, guildId: guild } : ref);
    // The first message is itself in a thread (an earlier reply): follow up in that thread, threads do not nest.
    const threadOf = original.ref.threadOf;
    if (threadOf) {
      try {
        return { ok: true, messageId: (await post(parent, body)).id, ref: withGuild({ channelId: parent, threadOf }) };
      } catch (error) {
        if (!THREAD_UNUSABLE_CODES.has(codeOf(error))) throw error;
        // That thread is gone or closed, and a reply cannot point across channels: a message of its own instead.
        log.warn({ channel: attempt.target.id, thread: parent, code: codeOf(error) }, 'discord: the story thread cannot take the follow-up; posting it in the channel');
        const message = await post(channelId, body);
        return { ok: true, messageId: message.id, ref: withGuild({ channelId: message.channel_id ?? channelId }) };
      }
    }
    const thread = attempt.target.dmUser ? null : await openThread(parent, original.messageId, threadNameOf(attempt.alert));
    if (thread) {
      try {
        const message = await post(thread, body);
        return { ok: true, messageId: message.id, ref: withGuild({ channelId: message.channel_id ?? thread, threadOf: original.messageId }) };
      } catch (error) {
        if (!THREAD_UNUSABLE_CODES.has(codeOf(error))) throw error;
        log.warn({ channel: attempt.target.id, thread, code: codeOf(error) }, 'discord: the story thread cannot take the follow-up; replying in the channel');
        remember(original.messageId, null);
      }
    }
    const referenced: ReplyBody = {
      ...body,
      allowed_mentions: { parse: [], replied_user: false } as ReplyBody['allowed_mentions'],
      message_reference: { message_id: original.messageId, channel_id: parent, fail_if_not_exists: false },
    };
    const message = await post(parent, referenced);
    return { ok: true, messageId: message.id, ref: withGuild({ channelId: message.channel_id ?? parent }) };
  }

  async function edit(attempt: DeliveryAttempt, original: DeliveryRecord & { messageId: string }, channelId: string): Promise<DeliveryResult> {
    const where = original.ref.channelId ?? channelId;
    const body = { embeds: [buildWithdrawnEmbed(attempt.alert, safeLink)], allowed_mentions: { parse: [] } };
    try {
      const message = (await rest.patch(Routes.channelMessage(where, original.messageId), { body })) as PostedMessage;
      return { ok: true, messageId: message.id, ref: { ...original.ref, channelId: where } };
    } catch (error) {
      if (!nothingToEdit(error, original)) throw error;
      // Deleted by a moderator, most likely (or its thread is gone or archived): retrying would never succeed.
      log.warn({ channel: attempt.target.id, item: attempt.alert.id, message: original.messageId, code: codeOf(error) },
        'discord: the withdrawn story\'s message cannot be edited any more; nothing to strike');
      return { ok: true, messageId: null };
    }
  }

  return {
    async deliver(attempt, channelId) {
      const { alert, followUp } = attempt;
      const original = followUp.original?.messageId ? { ...followUp.original, messageId: followUp.original.messageId } : undefined;
      if (alert.kind === 'kill' && followUp.how === 'edit' && original) return edit(attempt, original, channelId);
      // The fixed follow-up wording; no template, no pings (buildAlertMessage sees the kind).
      const body: ReplyBody = buildAlertMessage(alert, opts.nonceOf(attempt), opts.colorOf(alert.feed));
      if (followUp.how !== 'standalone' && original) return reply(attempt, original, channelId, body);
      const message = await post(channelId, body);
      const ref: Record<string, string> = { channelId: message.channel_id ?? channelId };
      if (attempt.target.guild) ref.guildId = attempt.target.guild;
      return { ok: true, messageId: message.id, ref };
    },
  };
}

/** Unknown Message; for a message inside a thread also the thread deleted or archived (its channel stays usable). */
function nothingToEdit(error: unknown, original: DeliveryRecord): boolean {
  const code = codeOf(error);
  if (code === RESTJSONErrorCodes.UnknownMessage) return true;
  return Boolean(original.ref.threadOf) && (code === RESTJSONErrorCodes.UnknownChannel || code === RESTJSONErrorCodes.InvalidActionOnArchivedThread);
}

function codeOf(error: unknown): number {
  return error instanceof DiscordAPIError ? Number(error.code) : NaN;
}
