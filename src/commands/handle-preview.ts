import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { canonicalOrReply, replyMissing } from './common-replies.js';
import { RECENT_SCAN_LIMIT, codeSpan, plural } from './format-values.js';

const WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const SHOWN = 5;

export async function handlePreview(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  const query = req.args.query?.trim() ?? '';
  if (!query) return replyMissing('query', '/alerts preview Taliban -Pakistan');
  const parsed = canonicalOrReply(query);
  if ('reply' in parsed) return parsed.reply;
  const { formatted } = parsed;
  const stored = await deps.recent.listSince(deps.clock.now() - WINDOW_MS, RECENT_SCAN_LIMIT);
  const matches = deps.countMatches(query, stored);
  const lines =
    matches.length === 0
      ? [`None of the ${plural(stored.length, 'story', 'stories')} stored from the last 7 days matches.`]
      : [`${plural(matches.length, 'stored story', 'stored stories')} from the last 7 days match${matches.length === 1 ? 'es' : ''}; newest ${Math.min(SHOWN, matches.length)} below.`];
  lines.push('Nothing was subscribed: use `/alerts subscribe` for that.');
  return { ok: true, title: `Preview: ${codeSpan(formatted)}`, lines, articles: matches.slice(0, SHOWN) };
}
