/**
 * A channel template laid out as Block Kit: headline → the bold linked first section, body → a section,
 * fields → one section's `fields`, footer → a context line. Every run is escaped for mrkdwn (`&`, `<`, `>`)
 * and its marks (`*`, `_`, `~`, backticks) become lookalikes, so neither the story nor the template text can
 * ping, link or format; each part is cut to Slack's limits.
 */
import type { FilledTemplate, MessageRun } from '../../core/template/fill-template.js';
import { fitRuns, isBlank, toOneLine, type RunRenderer } from '../shared/fit-runs.js';
import { escapeSlackText, fitPlain, neutraliseMrkdwnMarks, safeLinkUrl } from './slack-text.js';

export const SLACK_FIELD_LIMITS = { count: 10, text: 2000 } as const;
const HEADLINE_MAX = 300;
const FOOTER_MAX = 600;

export interface TemplatedBlocks {
  /** mrkdwn of the headline, without the surrounding bold marks and link. */
  headline: string;
  /** The headline as plain text, for the notification fallback. */
  headlinePlain: string;
  body: string | null;
  fields: string[];
  footer: string | null;
}

/** mrkdwn: highlights bold (marks hugging the word), the link as `<url>`, times as Slack's live `{ago}` token. */
const renderMrkdwn: RunRenderer = (run) => {
  if (run.kind === 'link') {
    const url = safeLinkUrl(run.url);
    return url ? `<${url}>` : '';
  }
  if (run.kind === 'time') return `<!date^${run.epochSeconds}^{ago}|${escapeSlackText(run.relative)}>`;
  const escaped = neutraliseMrkdwnMarks(escapeSlackText(run.text));
  if (!run.highlighted || escaped.trim() === '') return escaped;
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped)!;
  return `${m[1]}*${m[2]}*${m[3]}`;
};

/** Inside the bold, linked headline: escaped text only (no nested links or marks). */
const renderHeadline: RunRenderer = (run) => {
  const text = escapeSlackText(plainOf(run));
  return run.kind === 'link' ? text : neutraliseMrkdwnMarks(text);
};

export function formatTemplatedBlocks(filled: FilledTemplate, limits: { sectionText: number }): TemplatedBlocks {
  const headlineRuns = toOneLine(filled.headline);
  const fields: string[] = [];
  for (const field of filled.fields) {
    if (fields.length === SLACK_FIELD_LIMITS.count) break;
    if (isBlank(field.value)) continue;
    const name = fitRuns(toOneLine(field.name), 200, renderHeadline);
    const label = name === '' ? '' : `*${name}*\n`;
    fields.push(label + fitRuns(field.value, SLACK_FIELD_LIMITS.text - label.length, renderMrkdwn).trim());
  }
  const body = filled.body && !isBlank(filled.body) ? fitRuns(filled.body, limits.sectionText, renderMrkdwn).trim() : '';
  const footer = filled.footer && !isBlank(filled.footer) ? fitRuns(toOneLine(filled.footer), FOOTER_MAX, renderMrkdwn) : '';
  return {
    headline: fitRuns(headlineRuns, HEADLINE_MAX, renderHeadline) || '(untitled)',
    headlinePlain: fitPlain(headlineRuns.map(plainOf).join(''), HEADLINE_MAX) || '(untitled)',
    body: body || null,
    fields,
    footer: footer || null,
  };
}

function plainOf(run: MessageRun): string {
  return run.kind === 'text' ? run.text : run.kind === 'link' ? run.url : run.relative;
}
