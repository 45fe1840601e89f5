/**
 * `/alerts snooze <id> <duration>` and `/alerts unsnooze <id>`: a subscription of this channel (from the config
 * or a command) stops alerting for a while; its matches are held and go out as one summary when the snooze ends
 * (or are dropped, with channels[].snooze.held: drop). Delivery does the holding (core/attention/plan-hold).
 */
import { readDuration } from '../core/attention/schedule.js';
import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { listChannelSubscriptions } from './channel-subscriptions.js';
import { refuseUnauthorised, replyMissing } from './common-replies.js';
import { codeSpan } from './format-values.js';
import { findChannelTarget } from './resolve-channel.js';

const MIN_MS = 60_000;
const MAX_MS = 7 * 86_400_000;

export async function handleSnooze(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  if (!req.user.mayManage) return refuseUnauthorised('snooze subscriptions');
  const id = req.args.id?.trim() ?? '';
  if (!id) return replyMissing('id', '/alerts snooze s7k2m9q 2h');
  const duration = req.args.duration?.trim() ?? '';
  if (!duration) return replyMissing('duration', `/alerts snooze ${id} 2h`);
  const ms = readDuration(duration);
  if (ms === null || ms < MIN_MS || ms > MAX_MS) {
    return { ok: false, title: 'Snooze for how long?', lines: [`${codeSpan(duration)} is not a duration from 1m to 7d, such as \`30m\`, \`2h\` or \`1d\`.`] };
  }
  const channelId = findChannelTarget(deps, req).id;
  const sub = (await listChannelSubscriptions(deps, channelId)).find((s) => s.id === id);
  if (!sub) return replyUnknown(id);
  const now = deps.clock.now();
  const current = (await deps.snoozes.forChannel(channelId))[id];
  // Extending a running snooze keeps its start, so what it already held stays in the same summary.
  const from = current && current.until > now ? current.from : now;
  await deps.snoozes.set(channelId, id, { from, until: now + ms });
  deps.log.info({ subscription: id, channel: channelId, until: now + ms, user: `${req.platform}:${req.user.id}` }, 'commands: subscription snoozed');
  return {
    ok: true,
    title: `Snoozed ${codeSpan(id)} until ${formatUtc(now + ms)}`,
    lines: [`Query ${codeSpan(sub.query)}. Its matches are held and sent as one summary when the snooze ends; \`/alerts unsnooze ${id}\` ends it now.`],
  };
}

export async function handleUnsnooze(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  if (!req.user.mayManage) return refuseUnauthorised('unsnooze subscriptions');
  const id = req.args.id?.trim() ?? '';
  if (!id) return replyMissing('id', '/alerts unsnooze s7k2m9q');
  const channelId = findChannelTarget(deps, req).id;
  const now = deps.clock.now();
  const current = (await deps.snoozes.forChannel(channelId))[id];
  if (!current || current.until <= now) {
    const known = (await listChannelSubscriptions(deps, channelId)).some((s) => s.id === id);
    return known ? { ok: false, title: `${codeSpan(id)} is not snoozed`, lines: ['It alerts as usual.'] } : replyUnknown(id);
  }
  await deps.snoozes.set(channelId, id, { from: current.from, until: now });
  deps.log.info({ subscription: id, channel: channelId, user: `${req.platform}:${req.user.id}` }, 'commands: subscription unsnoozed');
  return { ok: true, title: `Unsnoozed ${codeSpan(id)}`, lines: ['What it held goes out now as one summary; new matches alert as usual.'] };
}

function replyUnknown(id: string): CommandReply {
  return { ok: false, title: 'No such subscription in this channel', lines: [`${codeSpan(id)} is not one of this channel's subscriptions. See \`/alerts list\`.`] };
}

/** "2026-11-25 14:05 UTC". */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
