import type { CommandName, CommandRequest } from '../../core/ports.js';

/**
 * Slack sends slash-command text with `&`, `<`, `>` HTML-escaped, and desktop clients often turn typed quotes
 * into typographic ones. Undo both so `"Bagram air base"` reaches the query parser as typed.
 */
export function decodeCommandText(raw: string): string {
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    // Last, so `&amp;lt;` decodes to the literal `&lt;` the user typed.
    .replace(/&amp;/g, '&')
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .trim();
}

export type ParsedCommand =
  /** `personal`: typed as `/alerts me …` (the user's own direct-message subscriptions). */
  | { kind: 'request'; command: CommandName; args: CommandRequest['args']; personal?: true }
  /** The text cannot be expressed as a CommandRequest (two feed: options): answer with the usage line. */
  | { kind: 'usage'; command: CommandName; usage: string };

export const USAGE: Record<CommandName, string> = {
  subscribe: '/alerts subscribe <query> [feed:<id>]',
  unsubscribe: '/alerts unsubscribe <id>',
  list: '/alerts list',
  preview: '/alerts preview <query> [feed:<id>]',
  help: '/alerts help',
  snooze: '/alerts snooze <id> <duration>',
  unsnooze: '/alerts unsnooze <id>',
};

/** `subscribe <query> [feed:<id>]`, `unsubscribe <id>`, `snooze <id> <duration>`, `unsnooze <id>`, `list`, `preview <query>`, `help`; anything else → help. */
export function parseCommandText(raw: string): ParsedCommand {
  const text = decodeCommandText(raw);
  const me = /^me(?:\s+([\s\S]*))?$/i.exec(text);
  if (me) {
    const inner = parseCommandText(me[1] ?? 'help');
    return inner.kind === 'request' ? { ...inner, personal: true } : inner;
  }
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  const sub = (m?.[1] ?? '').toLowerCase();
  const rest = (m?.[2] ?? '').trim();
  switch (sub) {
    case 'subscribe':
    case 'preview': {
      const { query, feeds } = extractFeedOptions(rest);
      // A missing query goes to the shared handler, which answers it as on Discord; two feeds cannot.
      if (feeds.length > 1) return { kind: 'usage', command: sub, usage: USAGE[sub] };
      const args: CommandRequest['args'] = {};
      if (query) args.query = query;
      if (feeds[0]) args.feed = feeds[0];
      return { kind: 'request', command: sub, args };
    }
    case 'unsubscribe': {
      const id = stripWrapping(rest.split(/\s+/)[0] ?? '');
      return { kind: 'request', command: 'unsubscribe', args: id ? { id } : {} };
    }
    case 'snooze':
    case 'unsnooze': {
      const [word, duration] = rest.split(/\s+/);
      const id = stripWrapping(word ?? '');
      const args: CommandRequest['args'] = id ? { id } : {};
      if (sub === 'snooze' && duration) args.duration = duration;
      return { kind: 'request', command: sub, args };
    }
    case 'list':
      return { kind: 'request', command: 'list', args: {} };
    default:
      return { kind: 'request', command: 'help', args: {} };
  }
}

/**
 * Pulls `feed:<id>` words that stand outside double quotes out of the query, so a phrase such as
 * `"feed:x"` stays part of the query.
 */
export function extractFeedOptions(text: string): { query: string; feeds: string[] } {
  const feeds: string[] = [];
  const kept: string[] = [];
  let inQuote = false;
  let i = 0;
  while (i < text.length) {
    const atWordStart = i === 0 || /\s/.test(text[i - 1] ?? '');
    if (!inQuote && atWordStart && /^feed:/i.test(text.slice(i, i + 5))) {
      const word = /^\S+/.exec(text.slice(i))?.[0] ?? '';
      const id = stripWrapping(word.slice(5));
      if (id) feeds.push(id);
      i += word.length;
      continue;
    }
    const ch = text[i] ?? '';
    if (ch === '"') inQuote = !inQuote;
    kept.push(ch);
    i += 1;
  }
  return { query: kept.join('').replace(/\s+/g, ' ').trim(), feeds };
}

/** Ids copied from our own replies arrive wrapped in backticks or quotes. */
function stripWrapping(word: string): string {
  return word.replace(/^[`"']+|[`"']+$/g, '');
}
