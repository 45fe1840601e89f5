/**
 * Turns a platform-neutral Alert into the body of POST /channels/{id}/messages: one embed, mentions disabled,
 * the outbox nonce enforced so a retried send after a lost response returns the first message.
 */
import { urgencyLabel, type Urgency } from '../../core/attention/urgency.js';
import type { Alert } from '../../core/model.js';
import { fillAlertTemplate } from '../../core/template/fill-template.js';
import type { AlertTemplate } from '../../core/template/parse-template.js';
import { collapseWhitespace, removeUnsafeCharacters, truncateAtWord } from '../shared/sanitize-text.js';
import { buildDigestEmbed } from './build-digest-embed.js';
import { buildFollowUpEmbed } from './build-follow-up-embed.js';
import { isFollowUpKind } from '../shared/follow-up-kind.js';
import type { DiscordEmbed } from './discord-embed.js';
import { buildTemplatedEmbed } from './build-templated-embed.js';
import { escapeDiscordMarkdown, renderDiscordMarkdownRun, renderWithin } from './escape-markdown.js';
import { fitRuns, trimRuns } from '../shared/fit-runs.js';

export type { DiscordEmbed };

export const EMBED_LIMITS = { title: 256, description: 4096, footer: 2048, total: 6000 } as const;

export interface DiscordMessageBody {
  embeds: DiscordEmbed[];
  /** The configured role's mention, when the story is urgent enough; never text from the feed. */
  content?: string;
  /** Nothing parsed from the text; only the configured role may be mentioned. */
  allowed_mentions: { parse: []; roles?: string[] };
  nonce: string;
  enforce_nonce: true;
}

/** Colour-blind-safe palette (Okabe–Ito); a feed keeps its colour across restarts. */
const PALETTE = [0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00, 0xcc79a7, 0x999999];

export function pickFeedColor(feedId: string): number {
  let h = 2166136261;
  for (let i = 0; i < feedId.length; i++) h = Math.imul(h ^ feedId.charCodeAt(i), 16777619);
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}

/** The channel's template, if it has one, and the delivery time its `{published:relative}` is counted from. */
export interface AlertLayout {
  template?: AlertTemplate | undefined;
  nowMs: number;
  /** Role ids to mention (channels[].ping, subscriptions[].ping; already checked against the story's urgency). */
  pings?: readonly string[];
}

export function buildAlertMessage(alert: Alert, nonce: string, color?: number, layout?: AlertLayout): DiscordMessageBody {
  // A digest pings nobody: the alerts it holds were the ones past the channel's limit.
  if (alert.kind === 'digest') return wrap(buildDigestEmbed(alert, safeLink), nonce);
  // Follow-ups (update, kill, also) keep their fixed wording under any template and never ping: the first alert did.
  if (isFollowUpKind(alert.kind)) return wrap(buildFollowUpEmbed({ ...alert, kind: alert.kind }, color ?? pickFeedColor(alert.feed), safeLink), nonce);
  if (layout?.template) return wrap(buildTemplatedAlertEmbed(alert, layout.template, layout.nowMs, color), nonce, layout.pings);
  const cleanTitle = collapseWhitespace(removeUnsafeCharacters(alert.title));
  const title = cleanTitle ? renderWithin(cleanTitle, EMBED_LIMITS.title, escapeDiscordMarkdown) : '(untitled)';
  // Footers do not render markdown: only sanitise and cut.
  const footer = truncateAtWord(collapseWhitespace(removeUnsafeCharacters(alert.feedName || alert.feed)), 200);
  const budget = Math.min(EMBED_LIMITS.description, EMBED_LIMITS.total - title.length - footer.length);
  const summary = trimRuns(alert.summary);
  const embed: DiscordEmbed = { title, color: urgencyColor(alert) ?? color ?? pickFeedColor(alert.feed), footer: { text: footer } };
  const label = urgencyLabel(alert.urgency);
  if (label) embed.author = { name: label };
  const url = safeLink(alert.link);
  if (url) embed.url = url;
  if (summary.length > 0) embed.description = fitRuns(summary, budget, renderDiscordMarkdownRun);
  const timestamp = safeTimestamp(alert.published);
  if (timestamp) embed.timestamp = timestamp;
  return wrap(embed, nonce, layout?.pings);
}

function buildTemplatedAlertEmbed(alert: Alert, template: AlertTemplate, nowMs: number, color?: number): DiscordEmbed {
  const parts = buildTemplatedEmbed(fillAlertTemplate(template, alert, nowMs), EMBED_LIMITS);
  const embed: DiscordEmbed = { title: parts.title, color: urgencyColor(alert) ?? color ?? pickFeedColor(alert.feed) };
  const url = safeLink(alert.link);
  if (url) embed.url = url;
  if (parts.description) embed.description = parts.description;
  if (parts.fields) embed.fields = parts.fields;
  if (parts.footer) embed.footer = { text: parts.footer };
  const timestamp = safeTimestamp(alert.published);
  if (timestamp) embed.timestamp = timestamp;
  return embed;
}

// An urgent story is told by its colour before it is read, whatever the feed's own colour.
const URGENCY_COLORS: Partial<Record<Urgency, number>> = { flash: 0xd50000, bulletin: 0xff6d00, urgent: 0xffc400 };

function urgencyColor(alert: Alert): number | undefined {
  return alert.urgency ? URGENCY_COLORS[alert.urgency] : undefined;
}

function wrap(embed: DiscordEmbed, nonce: string, pings: readonly string[] = []): DiscordMessageBody {
  // Role ids come from the config (digits only), so the mentions below are the only ones that can fire.
  const roles = pings.filter((role) => /^\d+$/.test(role));
  if (roles.length) {
    const content = roles.map((role) => `<@&${role}>`).join(' ');
    return { content, embeds: [embed], allowed_mentions: { parse: [], roles }, nonce, enforce_nonce: true };
  }
  return { embeds: [embed], allowed_mentions: { parse: [] }, nonce, enforce_nonce: true };
}

/** Only absolute http(s) links become the embed URL; anything else (javascript:, data:) is dropped. */
export function safeLink(link: string | null): string | null {
  if (!link || link.length > 2048) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function safeTimestamp(published: string | null): string | null {
  if (!published) return null;
  const ms = Date.parse(published);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export { escapeDiscordMarkdown };
