/**
 * A flood-control digest as Block Kit: the digest's title, one section per held story (linked headline, then
 * source and matched terms), the window as a context line. Escaped like every alert (marks become lookalikes)
 * and within Slack's limits: at most DIGEST_MAX_ITEMS stories per digest, far below 50 blocks.
 */
import type { Alert, DigestItem } from '../../core/model.js';
import type { MrkdwnText, SlackAlertMessage, SlackBlock } from './slack-message.js';
import { escapeAndFit, escapeSlackText, fitPlain, linkMrkdwn, neutraliseMrkdwnMarks } from './slack-text.js';

const HEADLINE_MAX = 300;
const ABOUT_MAX = 600;
const MAX_SECTIONS = 45;

export function formatDigestMessage(alert: Alert): SlackAlertMessage {
  const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
  const items = (alert.digest?.items ?? []).slice(0, MAX_SECTIONS);
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${escapeAndFit(neutraliseMrkdwnMarks(alert.title), HEADLINE_MAX)}*`) }];
  for (const item of items) blocks.push({ type: 'section', text: mrkdwn(formatItem(item)) });
  if (alert.digest) {
    const { from, to } = alert.digest;
    blocks.push({ type: 'context', elements: [mrkdwn(`Held <!date^${Math.floor(from / 1000)}^{date_short_pretty} {time}|${new Date(from).toISOString()}>` +
      ` – <!date^${Math.floor(to / 1000)}^{time}|${new Date(to).toISOString()}>`)] });
  }
  return { text: escapeSlackText(fitPlain(alert.title, 300)), blocks, unfurl_links: false, unfurl_media: false };
}

function formatItem(item: DigestItem): string {
  const headline = `*${linkMrkdwn(item.link, neutraliseMrkdwnMarks(item.title.trim() || '(untitled)'), HEADLINE_MAX)}*`;
  const about = [item.feedName || item.feed, item.matched.length ? `matched ${item.matched.join(', ')}` : ''].filter(Boolean).join(' · ');
  return `${headline}\n${escapeAndFit(neutraliseMrkdwnMarks(about), ABOUT_MAX)}`;
}
