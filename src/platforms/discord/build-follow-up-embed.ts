/**
 * The embeds of the messages that follow a story's first alert (issue 14): an update or correction, another
 * outlet's "also reported by", and a kill. Deliberately short: the thread (or the struck first alert) already
 * holds the story, so a follow-up says only what changed. The wording is fixed (channel templates shape plain
 * alerts only) and every piece of feed text is escaped like an alert's. The message around them never pings:
 * readers were alerted to the story once, and a later version is not a second alarm.
 */
import type { Alert } from '../../core/model.js';
import type { FollowUpKind } from '../shared/follow-up-kind.js';
import { collapseWhitespace, removeUnsafeCharacters, truncateAtWord } from '../shared/sanitize-text.js';
import type { DiscordEmbed } from './discord-embed.js';
import { escapeDiscordMarkdown, renderWithin } from './escape-markdown.js';

/** Grey, so a withdrawn story reads as dead at a glance, whatever its feed's or urgency's colour was. */
export const WITHDRAWN_COLOR = 0x999999;

const TITLE_MAX = 256;
// What changed is one line; a long one is cut well below Discord's 4,096 so the reply stays a glance.
const WHAT_CHANGED_MAX = 1000;
// A feed name is ours (config), but still kept short so the headline is not squeezed out of the title.
const FEED_IN_TITLE_MAX = 80;

/** The story's headline as the channel knows it: a kill names the story that was alerted, not the kill notice. */
export function followUpHeadline(alert: Alert): string {
  const title = alert.kind === 'kill' ? alert.followUp?.firstTitle || alert.title : alert.title;
  return clean(title) || '(untitled)';
}

/** An update, a correction, an "also reported by" or a kill as a message of its own (or a reply in the thread). */
export function buildFollowUpEmbed(alert: Alert & { kind: FollowUpKind }, color: number, safeLink: (link: string | null) => string | null): DiscordEmbed {
  const feed = feedName(alert);
  const prefix = titlePrefix(alert, feed);
  const headline = renderWithin(followUpHeadline(alert), TITLE_MAX - prefix.length, escapeDiscordMarkdown);
  const embed: DiscordEmbed = { title: `${prefix}${headline}`, color: alert.kind === 'kill' ? WITHDRAWN_COLOR : color };
  const url = safeLink(alert.link);
  if (url) embed.url = url;
  const changed = alert.kind === 'update' ? clean(whatChangedOf(alert)) : '';
  if (changed) embed.description = renderWithin(changed, WHAT_CHANGED_MAX, escapeDiscordMarkdown);
  embed.footer = { text: truncateAtWord(feed, 200) };
  return embed;
}

/** The first alert's embed rebuilt for a kill: the headline struck through, "WITHDRAWN by <feed>", grey. */
export function buildWithdrawnEmbed(alert: Alert, safeLink: (link: string | null) => string | null): DiscordEmbed {
  const feed = feedName(alert);
  // The marks go around the escaped text, so a `~` in the headline cannot close the strike early.
  const struck = `~~${renderWithin(followUpHeadline(alert), TITLE_MAX - 4, escapeDiscordMarkdown)}~~`;
  const embed: DiscordEmbed = { title: struck, color: WITHDRAWN_COLOR };
  const url = safeLink(alert.link);
  if (url) embed.url = url;
  embed.description = `**WITHDRAWN by ${renderWithin(feed, 200, escapeDiscordMarkdown)}**`;
  embed.footer = { text: truncateAtWord(feed, 200) };
  return embed;
}

/** A thread's name: plain text (Discord renders no markdown there), 1–100 characters. */
export function threadNameOf(alert: Alert): string {
  const headline = clean(alert.followUp?.firstTitle || alert.title);
  return truncateAtWord(headline, 100) || 'Story updates';
}

function titlePrefix(alert: Alert & { kind: FollowUpKind }, feed: string): string {
  const source = renderWithin(feed, FEED_IN_TITLE_MAX, escapeDiscordMarkdown);
  if (alert.kind === 'also') return `Also reported by ${source}: `;
  if (alert.kind === 'kill') return `WITHDRAWN by ${source}: `;
  return alert.followUp?.correction ? 'CORRECTION: ' : 'UPDATE: ';
}

function whatChangedOf(alert: Alert): string {
  return alert.followUp?.whatChanged ?? alert.summary.map((run) => run.text).join('');
}

function feedName(alert: Alert): string {
  return clean(alert.feedName || alert.feed) || alert.feed;
}

function clean(text: string): string {
  return collapseWhitespace(removeUnsafeCharacters(text));
}
