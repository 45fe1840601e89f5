/**
 * Platform-neutral slash-command handlers: parse, authorise, act on the stores, build a reply. Discord and
 * Slack only translate their interactions into CommandRequests and render the CommandReply.
 */
import type { AutocompleteRequest, CommandReply, CommandRequest, CommandService } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { handleList } from './handle-list.js';
import { handlePreview } from './handle-preview.js';
import { handleSnooze, handleUnsnooze } from './handle-snooze.js';
import { handleSubscribe } from './handle-subscribe.js';
import { handleUnsubscribe } from './handle-unsubscribe.js';
import { buildHelpReply } from './help-text.js';
import { findChannelTarget } from './resolve-channel.js';

export type { CommandDeps } from './command-deps.js';
export { HELP_LINES, HELP_TEXT, HELP_TITLE, buildHelpReply } from './help-text.js';

/** Discord allows 25 autocomplete choices. */
const MAX_CHOICES = 25;

export function createCommandService(deps: CommandDeps): CommandService {
  return {
    async handle(request: CommandRequest): Promise<CommandReply> {
      const personal = routePersonal(deps, request);
      if ('reply' in personal) return personal.reply;
      const req = personal.req;
      switch (req.command) {
        case 'subscribe':
          return handleSubscribe(deps, req);
        case 'unsubscribe':
          return handleUnsubscribe(deps, req);
        case 'list':
          return handleList(deps, req);
        case 'preview':
          return handlePreview(deps, req);
        case 'snooze':
          return handleSnooze(deps, req);
        case 'unsnooze':
          return handleUnsnooze(deps, req);
        case 'help':
          return buildHelpReply(Object.hasOwn(deps.commandHelp, req.platform) ? deps.commandHelp[req.platform] : undefined);
        default:
          return { ok: false, title: 'Unknown command', lines: ['Try `/alerts help`.'] };
      }
    },

    async autocomplete(req: AutocompleteRequest): Promise<Array<{ name: string; value: string }>> {
      const prefix = req.prefix.trim().toLowerCase();
      if (req.option === 'feed') {
        return deps
          .feeds()
          .filter((f) => f.id.toLowerCase().includes(prefix) || f.name.toLowerCase().includes(prefix))
          .slice(0, MAX_CHOICES)
          .map((f) => ({ name: clip(f.name === f.id ? f.id : `${f.name} (${f.id})`), value: f.id }));
      }
      // Only command subscriptions: the config ones cannot be removed by command anyway.
      const channelId = findChannelTarget(deps, req).id;
      return (await deps.subscriptions.list())
        .filter((s) => s.channel === channelId)
        .filter((s) => s.id.toLowerCase().startsWith(prefix) || s.query.toLowerCase().includes(prefix))
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, MAX_CHOICES)
        .map((s) => ({ name: clip(`${s.id} — ${s.query}`), value: s.id }));
    },
  };
}

/**
 * `/alerts me subscribe|list|unsubscribe`: the same handlers on the user's direct-message channel, which the user
 * manages themselves (no channel permission needed). Admins can turn new personal subscriptions off.
 */
function routePersonal(deps: CommandDeps, req: CommandRequest): { req: CommandRequest } | { reply: CommandReply } {
  if (!req.personal) return { req };
  if (!['subscribe', 'list', 'unsubscribe'].includes(req.command)) {
    return { reply: { ok: false, title: 'Personal alerts: subscribe, list or unsubscribe', lines: ['Try `/alerts me subscribe Taliban`, `/alerts me list` or `/alerts me unsubscribe <id>`.'] } };
  }
  if (req.command === 'subscribe' && !deps.personalAlerts()) {
    return { reply: { ok: false, title: 'Personal alerts are turned off here', lines: ['The bot admins set `personalAlerts: false` in the config.'] } };
  }
  return { req: { ...req, user: { ...req.user, mayManage: true } } };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/gu, ' ');
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}
