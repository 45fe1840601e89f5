/**
 * Renders a platform-neutral CommandReply as an ephemeral interaction reply. Title and lines are the handlers'
 * own text (user values already inside code spans); stored articles are feed text and are escaped like alerts.
 */
import type { CommandReply } from '../../core/ports.js';
import { collapseWhitespace, removeUnsafeCharacters, truncateAtWord } from '../shared/sanitize-text.js';
import { escapeDiscordMarkdown, renderWithin } from './escape-markdown.js';
import { pickFeedColor, safeLink, type DiscordEmbed } from './build-alert-message.js';

export const EPHEMERAL_FLAG = 1 << 6;

export interface DiscordReplyBody {
  content: string;
  embeds: DiscordEmbed[];
  flags: number;
  allowed_mentions: { parse: [] };
}

export function buildReplyMessage(reply: CommandReply): DiscordReplyBody {
  const head = `${reply.ok ? '' : '⚠️ '}**${reply.title}**`;
  const content = truncateAtWord([head, ...reply.lines].join('\n'), 2000);
  const embeds = (reply.articles ?? []).slice(0, 5).map((article): DiscordEmbed => {
    const embed: DiscordEmbed = {
      title: renderTitle(article.title),
      color: pickFeedColor(article.feedId),
      footer: { text: truncateAtWord(collapseWhitespace(removeUnsafeCharacters(article.feedId)), 100) },
    };
    const url = safeLink(article.link);
    if (url) embed.url = url;
    const text = collapseWhitespace(removeUnsafeCharacters(article.text));
    if (text) embed.description = renderWithin(truncateAtWord(text, 300), 700, escapeDiscordMarkdown);
    const ms = article.published ? Date.parse(article.published) : Number.NaN;
    embed.timestamp = new Date(Number.isFinite(ms) ? ms : article.firstSeenAt).toISOString();
    return embed;
  });
  return { content, embeds, flags: EPHEMERAL_FLAG, allowed_mentions: { parse: [] } };
}

function renderTitle(raw: string): string {
  const clean = collapseWhitespace(removeUnsafeCharacters(raw));
  return clean ? renderWithin(clean, 256, escapeDiscordMarkdown) : '(untitled)';
}
