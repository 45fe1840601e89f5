import type { Subscription } from '../core/model.js';
import type { CommandReply, CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';
import { canonicalQuery, feedsKey, listChannelSubscriptions } from './channel-subscriptions.js';
import { canonicalOrReply, refuseUnauthorised, replyMissing } from './common-replies.js';
import { codeSpan, plural } from './format-values.js';
import { ensureChannelTarget, findChannelTarget } from './resolve-channel.js';
import { makeSubscriptionId } from './subscription-id.js';
import { RECENT_SCAN_LIMIT } from './format-values.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Articles shown under the subscribe reply, as a taste of what will arrive. */
const SAMPLE = 3;

export async function handleSubscribe(deps: CommandDeps, req: CommandRequest): Promise<CommandReply> {
  if (!req.user.mayManage) return refuseUnauthorised('add subscriptions');
  const query = req.args.query?.trim() ?? '';
  if (!query) return replyMissing('query', '/alerts subscribe Taliban OR "Bagram air base"');
  const parsed = canonicalOrReply(query);
  if ('reply' in parsed) return parsed.reply;
  const { formatted } = parsed;
  const feedId = req.args.feed?.trim() || undefined;
  const feed = feedId ? deps.feeds().find((f) => f.id === feedId) : undefined;
  if (feedId && !feed) {
    const known = deps.feeds().slice(0, 10).map((f) => codeSpan(f.id));
    return { ok: false, title: 'Unknown feed', lines: [`No feed ${codeSpan(feedId)} in the config.`, `Feeds: ${known.join(', ') || '(none)'}`] };
  }
  const feeds = feed ? [feed.id] : undefined;

  // Look for a duplicate before touching the store, so a refused command changes nothing.
  const channelId = findChannelTarget(deps, req).id;
  const existing = await listChannelSubscriptions(deps, channelId);
  const duplicate = existing.find((s) => feedsKey(s.feeds) === feedsKey(feeds) && canonicalQuery(s.query) === formatted);
  if (duplicate) {
    return {
      ok: false,
      title: 'This channel already has that subscription',
      lines: [`${codeSpan(duplicate.id)}: ${codeSpan(duplicate.query)}${duplicate.source === 'config' ? ' (config file)' : ''}`],
    };
  }

  const target = await ensureChannelTarget(deps, req);
  const taken = new Set([...deps.configSubscriptions(), ...(await deps.subscriptions.list())].map((s) => s.id));
  const now = deps.clock.now();
  const sub: Subscription = {
    id: makeSubscriptionId(target.id, formatted, feeds, taken),
    channel: target.id,
    query,
    ...(feeds ? { feeds } : {}),
    source: 'command',
    createdAt: now,
    createdBy: `${req.platform}:${req.user.id}`,
  };
  await deps.subscriptions.add(sub);
  deps.log.info({ subscription: sub.id, channel: sub.channel, user: sub.createdBy, query: formatted }, 'commands: subscription added');

  const recent = (await deps.recent.listSince(now - DAY_MS, RECENT_SCAN_LIMIT)).filter((a) => !feeds || feeds.includes(a.feedId));
  const caught = deps.countMatches(query, recent);
  return {
    ok: true,
    title: `Subscribed: ${codeSpan(formatted)}`,
    lines: [
      `Id ${codeSpan(sub.id)} · feeds: ${feed ? codeSpan(feed.id) : 'all'}`,
      `In the last 24 h it would have caught ${plural(caught.length, 'stored story', 'stored stories')}${caught.length > 0 ? ` (newest ${Math.min(SAMPLE, caught.length)} below)` : ''}.`,
      req.personal ? 'New stories that match will reach you by direct message.' : 'New stories that match will be posted in this channel.',
    ],
    articles: caught.slice(0, SAMPLE),
  };
}
