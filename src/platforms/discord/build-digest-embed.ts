/**
 * A flood-control digest as one Discord embed: the digest's title, one field per held story (headline as the
 * field name, source, matched terms and link as its value), the window in the footer. Escaped like every
 * alert and cut so the whole embed stays under Discord's 6,000 characters; the bot sends at most
 * DIGEST_MAX_ITEMS stories per digest, which always fit the 25 fields.
 */
import type { Alert, DigestItem } from '../../core/model.js';
import { collapseWhitespace, removeUnsafeCharacters, truncateAtWord } from '../shared/sanitize-text.js';
import type { DiscordEmbed } from './discord-embed.js';
import { EMBED_FIELD_LIMITS } from './build-templated-embed.js';
import { escapeDiscordMarkdown, renderWithin } from './escape-markdown.js';

const DIGEST_COLOR = 0x607d8b;
const TOTAL = 6000;

export function buildDigestEmbed(alert: Alert, safeLink: (link: string | null) => string | null): DiscordEmbed {
  const items = (alert.digest?.items ?? []).slice(0, EMBED_FIELD_LIMITS.count);
  const title = renderWithin(clean(alert.title), 256, escapeDiscordMarkdown);
  const footer = alert.digest ? truncateAtWord(`Held ${formatWindow(alert.digest.from, alert.digest.to)}`, 200) : '';
  const perField = Math.floor((TOTAL - title.length - footer.length - 50) / Math.max(1, items.length));
  const nameMax = Math.min(EMBED_FIELD_LIMITS.name, Math.max(20, Math.floor(perField * 0.45)));
  const valueMax = Math.min(EMBED_FIELD_LIMITS.value, Math.max(20, perField - nameMax));
  const embed: DiscordEmbed = { title, color: DIGEST_COLOR, fields: items.map((item) => buildField(item, nameMax, valueMax, safeLink)) };
  if (footer) embed.footer = { text: footer };
  return embed;
}

function buildField(item: DigestItem, nameMax: number, valueMax: number, safeLink: (link: string | null) => string | null) {
  const name = renderWithin(clean(item.title) || '(untitled)', nameMax, escapeDiscordMarkdown);
  const url = safeLink(item.link);
  const link = url && url.length + 3 < valueMax / 2 ? ` · <${url}>` : '';
  const about = [item.feedName || item.feed, item.matched.length ? `matched ${item.matched.join(', ')}` : ''].filter(Boolean).join(' · ');
  const value = renderWithin(clean(about), valueMax - link.length, escapeDiscordMarkdown) + link;
  return { name, value: value || '\u200b' };
}

function clean(text: string): string {
  return collapseWhitespace(removeUnsafeCharacters(text));
}

/** "06 Jul 2021 18:40–18:42 UTC", or with both dates when the span crosses midnight. */
function formatWindow(from: number, to: number): string {
  const day = (ms: number) => new Date(ms).toUTCString().slice(5, 16);
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return day(from) === day(to) ? `${day(from)} ${time(from)}–${time(to)} UTC` : `${day(from)} ${time(from)} – ${day(to)} ${time(to)} UTC`;
}
