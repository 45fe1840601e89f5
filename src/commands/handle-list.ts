import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { listChannelSubscriptions } from './channel-subscriptions.js';
import { codeSpan, plural } from './format-values.js';
import { findChannelTarget } from './resolve-channel.js';

/** Replies must stay readable (Discord content ≤ 2000 characters): longer lists end with a count. */
const MAX_LINES = 25;

export async function handleList(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  const subs = await listChannelSubscriptions(deps, findChannelTarget(deps, req).id);
  if (subs.length === 0) {
    return { ok: true, title: 'No subscriptions in this channel', lines: ['Add one with `/alerts subscribe`; `/alerts help` shows the syntax.'] };
  }
  const lines = subs.slice(0, MAX_LINES).map((s) => {
    const feeds = s.feeds?.length ? ` · feeds: ${s.feeds.map((f) => codeSpan(f, 60)).join(', ')}` : '';
    const origin = s.source === 'config' ? '[config file]' : '[command]';
    return `${origin} ${codeSpan(s.id, 60)} ${codeSpan(s.query, 200)}${feeds}`;
  });
  if (subs.length > MAX_LINES) lines.push(`…and ${subs.length - MAX_LINES} more.`);
  lines.push('[config file] ones are changed by admins in the config; [command] ones with `/alerts unsubscribe`.');
  return { ok: true, title: `${plural(subs.length, 'subscription')} in this channel`, lines };
}
