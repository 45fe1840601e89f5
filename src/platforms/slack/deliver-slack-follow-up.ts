/**
 * Delivers a story's follow-up (update, kill, also) on Slack, where the app said it goes: `reply` is a thread
 * reply under the first alert (`thread_ts`), `edit` (a kill) rewrites the first alert with chat.update, and
 * `standalone` is a message of its own. A first message that is gone leaves nothing to edit: done, not retried.
 */
import type { WebClient } from '@slack/web-api';
import type { DeliveryAttempt, DeliveryResult, FollowUpDelivery, Logger } from '../../core/ports.js';
import { classifySlackError, CONTENT_ERRORS, slackErrorCode } from './classify-slack-error.js';
import { formatFollowUpMessage, formatWithdrawnMessage } from './format-follow-up-message.js';
import type { SlackAlertMessage } from './slack-message.js';

/** Posts with the platform's own rules (text-only fallback, error classification); `threadTs` makes a reply. */
export type SlackSend = (channel: string, message: SlackAlertMessage, item: string, threadTs?: string) => Promise<DeliveryResult>;

export interface SlackFollowUps {
  deliver(attempt: DeliveryAttempt & { followUp: FollowUpDelivery }, channel: string): Promise<DeliveryResult>;
}

/** chat.update answers meaning the first message cannot be changed any more, however often we ask. */
const NOTHING_TO_EDIT = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

export function createSlackFollowUps(deps: { client: WebClient; log: Logger; send: SlackSend }): SlackFollowUps {
  const { client, log } = deps;

  async function edit(attempt: DeliveryAttempt, channel: string, ts: string, ref: Record<string, string>): Promise<DeliveryResult> {
    const struck = formatWithdrawnMessage(attempt.alert);
    const update = (blocks: typeof struck.blocks) => client.chat.update({ channel, ts, text: struck.text, blocks });
    try {
      try {
        await update(struck.blocks);
      } catch (err) {
        const code = slackErrorCode(err);
        if (!code || !CONTENT_ERRORS.has(code)) throw err;
        // Slack refused the blocks: an empty list removes the old ones, so the struck text alone is shown.
        log.warn({ platform: 'slack', channel, item: attempt.alert.id, error: code }, 'Slack rejected the blocks; editing with text only');
        await update([]);
      }
      return { ok: true, messageId: ts, ref: { ...ref, channel, ts } };
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && NOTHING_TO_EDIT.has(code)) {
        log.warn({ platform: 'slack', channel, item: attempt.alert.id, ts, error: code }, 'Slack: the withdrawn story\'s message cannot be edited any more; nothing to strike');
        return { ok: true, messageId: null };
      }
      return classifySlackError(err, channel);
    }
  }

  return {
    async deliver(attempt, channel) {
      const { alert, followUp } = attempt;
      const original = followUp.original;
      const where = original?.ref.channel ?? channel;
      if (alert.kind === 'kill' && followUp.how === 'edit' && original?.messageId) return edit(attempt, where, original.messageId, original.ref);
      const message = formatFollowUpMessage(alert);
      if (followUp.how === 'standalone' || !original?.messageId) return deps.send(channel, message, alert.id);
      // Slack threads hang off the parent: a reply to a reply goes under the same parent.
      return deps.send(where, message, alert.id, original.ref.thread_ts ?? original.messageId);
    },
  };
}
