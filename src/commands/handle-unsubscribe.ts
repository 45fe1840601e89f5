import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { refuseUnauthorised, replyMissing } from './common-replies.js';
import { codeSpan } from './format-values.js';
import { findChannelTarget } from './resolve-channel.js';

export async function handleUnsubscribe(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  if (!req.user.mayManage) return refuseUnauthorised('remove subscriptions');
  const id = req.args.id?.trim() ?? '';
  if (!id) return replyMissing('id', '/alerts unsubscribe s7k2m9q');
  const channelId = findChannelTarget(deps, req).id;
  const fromFile = deps.configSubscriptions().find((s) => s.id === id && s.channel === channelId);
  if (fromFile) {
    return {
      ok: false,
      title: 'That subscription comes from the config file',
      lines: [`${codeSpan(id)}: ${codeSpan(fromFile.query)}`, 'Commands cannot remove it; ask an admin to delete it from the config.'],
    };
  }
  // Only this channel's subscriptions: an id from another channel is reported as unknown, not removed.
  const sub = (await deps.subscriptions.list()).find((s) => s.id === id && s.channel === channelId);
  if (!sub || !(await deps.subscriptions.remove(sub.id))) {
    return { ok: false, title: 'No such subscription in this channel', lines: [`${codeSpan(id)} is not one of this channel's subscriptions. See \`/alerts list\`.`] };
  }
  deps.log.info({ subscription: sub.id, channel: channelId, user: `${req.platform}:${req.user.id}` }, 'commands: subscription removed');
  return { ok: true, title: `Unsubscribed ${codeSpan(sub.id)}`, lines: [`Query was ${codeSpan(sub.query)}. No more alerts from it in this channel.`] };
}
