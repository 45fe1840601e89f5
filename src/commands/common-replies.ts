import type { CommandReply } from '../core/ports.js';
import { formatQuery, parseQuery, QuerySyntaxError } from '../core/query/parse-query.js';
import { codeSpan } from './format-values.js';

export function refuseUnauthorised(action: string): CommandReply {
  return {
    ok: false,
    title: `You may not ${action} in this channel`,
    lines: [
      'Managing subscriptions needs the Manage Channels permission (Discord) or a role or user the bot admins allowed.',
      '`/alerts list`, `/alerts preview` and `/alerts help` are open to everyone.',
    ],
  };
}

export function replyMissing(option: string, example: string): CommandReply {
  return { ok: false, title: `Missing ${option}`, lines: [`Example: ${codeSpan(example)}`] };
}

export function replyInvalidQuery(query: string, error: QuerySyntaxError): CommandReply {
  const { column, reason } = error;
  const where = ` at column ${column}`;
  // The reason can quote what was typed (`unexpected ")"`): it goes in a code span, the title stays ours.
  const lines = [`Problem: ${codeSpan(reason)}`, `Query: ${codeSpan(query)}`];
  const before = [...query].slice(0, column - 1).join('');
  const at = [...query].slice(column - 1).join('');
  lines.push(`Here: ${codeSpan(before.slice(-40) || '(start)')} ▸ ${codeSpan(at.slice(0, 40) || '(end)')}`);
  lines.push('See `/alerts help` for the syntax.');
  return { ok: false, title: `Invalid query${where}`, lines };
}

/** The canonical form of `query`, or the reply explaining why it does not parse. Other errors are bugs: thrown. */
export function canonicalOrReply(query: string): { formatted: string } | { reply: CommandReply } {
  try {
    return { formatted: formatQuery(parseQuery(query)) };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { reply: replyInvalidQuery(query, error) };
    throw error;
  }
}
