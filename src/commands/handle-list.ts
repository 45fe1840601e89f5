import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { listChannelSubscriptions } from './channel-subscriptions.js';
import { codeSpan, plural } from './format-values.js';
import { formatUtc } from './handle-snooze.js';
import { findChannelTarget } from './resolve-channel.js';
import { describeEvery } from '../core/alerts/build-digest.js';

/** Replies must stay readable (Discord content ≤ 2000 characters): longer lists end with a count. */
const MAX_LINES = 25;

export async function handleList(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  const channelId = findChannelTarget(deps, req).id;
  const subs = await listChannelSubscriptions(deps, channelId);
  const snoozes = await deps.snoozes.forChannel(channelId);
  const now = deps.clock.now();
  if (subs.length === 0) {
    return { ok: true, title: 'No subscriptions in this channel', lines: ['Add one with `/alerts subscribe`; `/alerts help` shows the syntax.'] };
  }
  const lines = subs.slice(0, MAX_LINES).map((s) => {
    const feeds = s.feeds?.length ? ` · feeds: ${s.feeds.map((f) => codeSpan(f, 60)).join(', ')}` : '';
    const origin = s.source === 'config' ? '[config file]' : '[command]';
    const snooze = snoozes[s.id];
    const mode = snooze && snooze.until > now ? `snoozed until ${formatUtc(snooze.until)}` : s.digestEvery ? `digest ${describeEvery(s.digestEvery)}` : 'instant';
    return `${origin} ${codeSpan(s.id, 60)} ${codeSpan(s.query, 200)} · ${mode}${feeds}`;
  });
  if (subs.length > MAX_LINES) lines.push(`…and ${subs.length - MAX_LINES} more.`);
  lines.push('[config file] ones are changed by admins in the config; [command] ones with `/alerts unsubscribe`.');
  return { ok: true, title: `${plural(subs.length, 'subscription')} ${req.personal ? 'by direct message to you' : 'in this channel'}`, lines };
}
