/**
 * The Slack messages that follow a story's first alert (issue 14): an update or correction, another outlet's
 * "also reported by", a kill posted on its own, and the struck first alert a kill leaves behind. Short, in fixed
 * wording (channel templates shape plain alerts only), feed text escaped and its mrkdwn marks neutralised like
 * an alert's, and never a mention: the first alert already told the channel about the story.
 */
import type { Alert } from '../../core/model.js';
import type { MrkdwnText, SlackAlertMessage, SlackBlock } from './slack-message.js';
import { escapeAndFit, escapeSlackText, fitPlain, linkMrkdwn, neutraliseMrkdwnMarks } from './slack-text.js';

const HEADLINE_MAX = 300;
// One line of what changed; a long one is cut far below the section limit so the reply stays a glance.
const WHAT_CHANGED_MAX = 1000;
const FEED_MAX = 100;

/** An update, a correction, an "also reported by" or a kill as a message (a thread reply or its own). */
export function formatFollowUpMessage(alert: Alert): SlackAlertMessage {
  const linked = linkedHeadline(alert);
  const feed = feedMrkdwn(alert);
  const plain = plainHeadline(alert);
  const source = escapeSlackText(fitPlain(alert.feedName || alert.feed, FEED_MAX));
  const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
  if (alert.kind === 'also') {
    return message(`Also reported by ${source}: ${plain}`, [{ type: 'section', text: mrkdwn(`Also reported by *${feed}*: ${linked}`) }]);
  }
  if (alert.kind === 'kill') {
    return message(`WITHDRAWN by ${source}: ${plain}`, [{ type: 'section', text: mrkdwn(`*WITHDRAWN by ${feed}:* ${linked}`) }]);
  }
  const label = alert.followUp?.correction ? 'CORRECTION' : 'UPDATE';
  const blocks: SlackBlock[] = [{ type: 'section', text: mrkdwn(`*${label}: ${linked}*`) }];
  const changed = (alert.followUp?.whatChanged ?? alert.summary.map((run) => run.text).join('')).replace(/\s+/g, ' ').trim();
  if (changed) blocks.push({ type: 'section', text: mrkdwn(escapeAndFit(neutraliseMrkdwnMarks(changed), WHAT_CHANGED_MAX)) });
  blocks.push({ type: 'context', elements: [mrkdwn(feed)] });
  return message(`${label}: ${plain} (${source})`, blocks);
}

/** The first alert as a kill leaves it (chat.update): the headline struck through, then "WITHDRAWN by <feed>". */
export function formatWithdrawnMessage(alert: Alert): { text: string; blocks: SlackBlock[] } {
  const feed = feedMrkdwn(alert);
  const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
  // The marks go around escaped, neutralised text: a `~` in the headline cannot end the strike early.
  return {
    text: `~${plainHeadline(alert)}~ *WITHDRAWN by ${feed}*`,
    blocks: [
      { type: 'section', text: mrkdwn(`~${linkedHeadline(alert)}~`) },
      { type: 'section', text: mrkdwn(`*WITHDRAWN by ${feed}*`) },
    ],
  };
}

function message(text: string, blocks: SlackBlock[]): SlackAlertMessage {
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}

/** A kill names the story the channel was alerted to; the others their own (new) headline. */
function headlineOf(alert: Alert): string {
  const title = alert.kind === 'kill' ? alert.followUp?.firstTitle || alert.title : alert.title;
  return title.replace(/\s+/g, ' ').trim() || '(untitled)';
}

function linkedHeadline(alert: Alert): string {
  return linkMrkdwn(alert.link, neutraliseMrkdwnMarks(headlineOf(alert)), HEADLINE_MAX);
}

/** For the notification text, which Slack parses as mrkdwn too: escaped and its marks neutralised. */
function plainHeadline(alert: Alert): string {
  return escapeSlackText(neutraliseMrkdwnMarks(fitPlain(headlineOf(alert), HEADLINE_MAX)));
}

function feedMrkdwn(alert: Alert): string {
  return escapeAndFit(neutraliseMrkdwnMarks(alert.feedName || alert.feed), FEED_MAX);
}
