import type { CommandReply, StoredArticle } from '../../core/ports.js';
import { formatSlackDate, SLACK_LIMITS, type SlackBlock } from './format-alert-message.js';
import { escapeAndFit, linkMrkdwn, renderRunsMrkdwn, splitBoldMarks } from './slack-text.js';

/** What `respond()` / chat.postEphemeral receive for one command reply. */
export interface SlackEphemeralReply {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
  blocks: SlackBlock[];
}

const MAX_ARTICLES = 10;
const EXCERPT_MAX = 300;

/**
 * Renders a platform-neutral reply. Titles and lines are our text but may quote what the user typed, and
 * articles are feed text: everything is escaped, only our `**bold**` marks become Slack `*bold*`.
 */
export function formatCommandReply(reply: CommandReply): SlackEphemeralReply {
  // The headline is bold as a whole; inner bold marks would nest and show as stray asterisks.
  const plainTitle = reply.title.replace(/\*\*(.+?)\*\*/gs, '$1');
  const title = escapeAndFit(plainTitle, 300);
  const blocks: SlackBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*` } }];
  const lines = reply.lines.filter((l) => l.trim() !== '');
  if (lines.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: renderLines(lines, SLACK_LIMITS.sectionText) } });
  }
  const articles = reply.articles ?? [];
  for (const article of articles.slice(0, MAX_ARTICLES)) blocks.push(formatArticle(article));
  if (articles.length > MAX_ARTICLES) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${articles.length - MAX_ARTICLES} more` }] });
  }
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: title,
    blocks: blocks.slice(0, SLACK_LIMITS.blocks),
  };
}

/** Lines joined under the section limit; whole lines are dropped (with a marker) rather than cut mid-line. */
function renderLines(lines: string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const rendered = renderRunsMrkdwn(splitBoldMarks(line), max);
    const more = `…and ${lines.length - i} more lines`;
    if (used + rendered.length + 1 > max - more.length - 1) {
      out.push(more);
      break;
    }
    out.push(rendered);
    used += rendered.length + 1;
  }
  return out.join('\n');
}

function formatArticle(article: StoredArticle): SlackBlock {
  const head = `*${linkMrkdwn(article.link, article.title.trim() || '(untitled)', 300)}*`;
  const meta = [escapeAndFit(article.feedId, 100), formatSlackDate(article.published)].filter(Boolean).join(' · ');
  const excerpt = escapeAndFit(article.text.replace(/\s+/g, ' ').trim(), EXCERPT_MAX);
  const text = [head, meta, excerpt].filter((p) => p !== '').join('\n');
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
