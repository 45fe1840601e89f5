/**
 * A channel template laid out as one Discord embed: headline → title (linked to the story), body →
 * description, fields → embed fields, footer → footer. Every run is escaped for the place it lands in, and
 * each part is cut to Discord's limits with the whole embed under 6,000 characters.
 */
import type { MessageRun, FilledTemplate } from '../../core/template/fill-template.js';
import { fitRuns, isBlank, toOneLine, trimRuns, type RunRenderer } from '../shared/fit-runs.js';
import { removeUnsafeCharacters } from '../shared/sanitize-text.js';
import { escapeDiscordMarkdown, renderDiscordMarkdownRun } from './escape-markdown.js';

export const EMBED_FIELD_LIMITS = { name: 256, value: 1024, count: 25 } as const;
const FOOTER_MAX = 300;

export interface DiscordEmbedField {
  name: string;
  value: string;
}

export interface TemplatedEmbedParts {
  title: string;
  description?: string;
  fields?: DiscordEmbedField[];
  footer?: string;
}

const renderMarkdown: RunRenderer = renderDiscordMarkdownRun;

/** Titles and field names: escaped text, no emphasis, the link as visible text (the title itself is linked). */
const renderHeading: RunRenderer = (run) => escapeDiscordMarkdown(plainOf(run));

/** Footers render no markdown at all: only hygiene, so nothing needs escaping. */
const renderPlain: RunRenderer = (run) => removeUnsafeCharacters(plainOf(run));

export function buildTemplatedEmbed(filled: FilledTemplate, limits: { title: number; description: number; footer: number; total: number }): TemplatedEmbedParts {
  const title = fitRuns(toOneLine(filled.headline), limits.title, renderHeading) || '(untitled)';
  const footer = filled.footer ? fitRuns(toOneLine(filled.footer), Math.min(FOOTER_MAX, limits.footer), renderPlain) : '';
  let remaining = limits.total - title.length - footer.length;
  const fields: DiscordEmbedField[] = [];
  const shown = filled.fields.filter((field) => !isBlank(field.value)).slice(0, EMBED_FIELD_LIMITS.count);
  // Fields get at most half of what is left when there is a body, so the story text is never squeezed out.
  const fieldBudget = filled.body ? Math.floor(remaining / 2) : remaining;
  const perField = shown.length ? Math.floor(fieldBudget / shown.length) : 0;
  for (const field of shown) {
    const nameMax = Math.min(EMBED_FIELD_LIMITS.name, Math.max(1, Math.floor(perField / 4)));
    // Discord refuses an empty field name: a zero-width space stands in.
    const name = fitRuns(toOneLine(field.name), nameMax, renderHeading) || '\u200b';
    const value = fitRuns(field.value, Math.min(EMBED_FIELD_LIMITS.value, Math.max(1, perField - name.length)), renderMarkdown).trim();
    if (value === '') continue;
    fields.push({ name, value });
    remaining -= name.length + value.length;
  }
  const parts: TemplatedEmbedParts = { title };
  if (filled.body && !isBlank(filled.body)) {
    const description = fitRuns(trimRuns(filled.body), Math.min(limits.description, remaining), renderMarkdown);
    if (description !== '') parts.description = description;
  }
  if (fields.length) parts.fields = fields;
  if (footer !== '') parts.footer = footer;
  return parts;
}

function plainOf(run: MessageRun): string {
  return run.kind === 'text' ? run.text : run.kind === 'link' ? run.url : run.relative;
}

