import { urgencyLabel } from '../../core/attention/urgency.js';
import type { Alert } from '../../core/model.js';
import { fillAlertTemplate } from '../../core/template/fill-template.js';
import type { AlertTemplate } from '../../core/template/parse-template.js';
import { trimRuns } from '../shared/fit-runs.js';
import { isFollowUpKind } from '../shared/follow-up-kind.js';
import { formatDigestMessage } from './format-digest-message.js';
import { formatFollowUpMessage } from './format-follow-up-message.js';
import type { MrkdwnText, SlackAlertMessage, SlackBlock } from './slack-message.js';

export type { MrkdwnText, SlackAlertMessage, SlackBlock };
import { formatTemplatedBlocks } from './format-templated-message.js';
import {
  escapeAndFit, escapeSlackText, fitPlain, linkMrkdwn, renderRunsMrkdwn, safeLinkUrl, neutraliseMrkdwnMarks,
} from './slack-text.js';

/** Slack's documented limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  sectionText: 3000,
  contextElementText: 3000,
  contextElements: 10,
  blocks: 50,
  /** Slack truncates `text` beyond 40,000; a notification needs far less. */
  fallbackText: 3000,
} as const;

const TITLE_MAX = 300;
const SUMMARY_MAX = SLACK_LIMITS.sectionText;

/**
 * Block Kit for one alert: the linked headline, the summary with matched terms in bold, and a context line
 * (source feed, time, matched terms). Every piece of feed text is escaped; we never send `link_names` or
 * `parse`, so nothing from a feed can ping, link or format as a mention.
 */
export function formatAlertMessage(
  alert: Alert,
  layout?: { template?: AlertTemplate | undefined; nowMs: number; pings?: readonly string[] },
): SlackAlertMessage {
  // A digest pings nobody: the alerts it holds were the ones past the channel's limit.
  if (alert.kind === 'digest') return formatDigestMessage(alert);
  // Follow-ups (update, kill, also) keep their fixed wording under any template and never ping: the first alert did.
  if (isFollowUpKind(alert.kind)) return formatFollowUpMessage(alert);
  return withPing(formatPlainAlert(alert, layout), layout?.pings ?? []);
}

/**
 * The configured user group's mention before the headline and in the notification text. The id comes from the
 * config (checked `S…`), never from the feed, whose text is escaped so it cannot form `<!subteam^…>` itself.
 */
function withPing(message: SlackAlertMessage, groups: readonly string[]): SlackAlertMessage {
  const mention = groups.filter((group) => /^S[A-Z0-9]+$/.test(group)).map((group) => `<!subteam^${group}>`).join(' ');
  if (!mention) return message;
  const [first, ...rest] = message.blocks;
  const blocks = first?.type === 'section' && 'text' in first ? [{ ...first, text: { ...first.text, text: `${mention} ${first.text.text}` } }, ...rest] : message.blocks;
  return { ...message, text: `${mention} ${message.text}`, blocks };
}

function formatPlainAlert(alert: Alert, layout?: { template?: AlertTemplate | undefined; nowMs: number }): SlackAlertMessage {
  if (layout?.template) return formatTemplatedAlert(alert, layout.template, layout.nowMs);
  const title = alert.title.trim() || '(untitled)';
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${labelPrefix(alert)}*${linkMrkdwn(alert.link, neutraliseMrkdwnMarks(title), TITLE_MAX)}*` } },
  ];
  const summary = trimRuns(alert.summary).map((run) => ({ text: neutraliseMrkdwnMarks(run.text), bold: run.highlighted === true }));
  if (summary.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: renderRunsMrkdwn(summary, SUMMARY_MAX) } });
  }
  blocks.push({ type: 'context', elements: formatContext(alert) });
  return {
    text: formatFallbackText(alert, title),
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
    unfurl_links: false,
    unfurl_media: false,
  };
}

function formatTemplatedAlert(alert: Alert, template: AlertTemplate, nowMs: number): SlackAlertMessage {
  const parts = formatTemplatedBlocks(fillAlertTemplate(template, alert, nowMs), SLACK_LIMITS);
  const link = safeLinkUrl(alert.link);
  const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${link ? `<${link}|${parts.headline}>` : parts.headline}*`) }];
  if (parts.body) blocks.push({ type: 'section', text: mrkdwn(parts.body) });
  if (parts.fields.length) blocks.push({ type: 'section', fields: parts.fields.map(mrkdwn) });
  if (parts.footer) blocks.push({ type: 'context', elements: [mrkdwn(parts.footer)] });
  const source = escapeSlackText(fitPlain(alert.feedName || alert.feed, 200));
  return { text: `${escapeSlackText(parts.headlinePlain)} (${source})`, blocks, unfurl_links: false, unfurl_media: false };
}

function formatContext(alert: Alert): MrkdwnText[] {
  const source = escapeAndFit(alert.feedName || alert.feed, 200);
  const parts = [source];
  const when = formatSlackDate(alert.published);
  if (when) parts.push(when);
  const elements: MrkdwnText[] = [{ type: 'mrkdwn', text: parts.join(' · ') }];
  if (alert.matched.length) {
    const terms = alert.matched.slice(0, 20).map((t) => `\`${escapeAndFit(t.replace(/`/g, "'"), 100)}\``).join(', ');
    elements.push({ type: 'mrkdwn', text: `Matched: ${terms}` });
  }
  return elements.slice(0, SLACK_LIMITS.contextElements);
}

/**
 * Slack's date token shows the time in each reader's own zone; the fallback after `|` is the ISO text.
 * Built only from a parsed number and a re-serialised ISO string, never from raw feed text.
 */
export function formatSlackDate(iso: string | null): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return null;
  const seconds = Math.floor(ms / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

/** Notification and screen-reader text: mrkdwn-parsed by Slack, so escaped like the blocks. */
function formatFallbackText(alert: Alert, title: string): string {
  const head = escapeSlackText(fitPlain(title, TITLE_MAX));
  const source = escapeSlackText(fitPlain(alert.feedName || alert.feed, 200));
  // Both parts are capped above, so the whole stays far below the fallback limit without cutting an entity.
  return `${labelPrefix(alert)}${head} (${source})`;
}

/** `FLASH · ` before the headline of an urgent story; our own fixed words, nothing from the feed. */
function labelPrefix(alert: Alert): string {
  const label = urgencyLabel(alert.urgency);
  return label ? `${label} · ` : '';
}
