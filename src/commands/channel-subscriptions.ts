import type { Subscription } from '../core/model.js';
import { formatQuery, parseQuery, QuerySyntaxError } from '../core/query/parse-query.js';
import type { CommandDeps } from './command-deps.js';

/** File subscriptions first, then command ones (oldest first), for one channel. */
export async function listChannelSubscriptions(deps: CommandDeps, channelId: string): Promise<Subscription[]> {
  const fromFile = deps.configSubscriptions().filter((s) => s.channel === channelId);
  const fromCommands = (await deps.subscriptions.list())
    .filter((s) => s.channel === channelId)
    .sort((a, b) => a.createdAt - b.createdAt);
  return [...fromFile, ...fromCommands];
}

/** The canonical form of a query, or null when it no longer parses (an old stored one, say). */
export function canonicalQuery(query: string): string | null {
  try {
    return formatQuery(parseQuery(query));
  } catch (error) {
    if (error instanceof QuerySyntaxError) return null;
    throw error;
  }
}

export function feedsKey(feeds: string[] | undefined): string {
  return [...(feeds ?? [])].sort().join(',');
}
