/**
 * Discord markdown escaping for feed text. Discord treats a backslash before any ASCII punctuation as a literal,
 * so over-escaping is harmless while under-escaping lets a headline build a masked link, a mention pill or a
 * spoiler. We therefore escape every character with a meaning anywhere in a line, and list/heading markers at
 * the start of a line.
 */
import type { MessageRun } from '../../core/template/fill-template.js';
import { removeUnsafeCharacters, truncateAtWord } from '../shared/sanitize-text.js';

const INLINE = /[\\*_~`|[\]()<>@:#]/g;
const LINE_START = /^(\s*)([-+]|\d+\.)(?=\s)/gm;

export function escapeDiscordMarkdown(text: string): string {
  return removeUnsafeCharacters(text)
    .replace(INLINE, (ch) => `\\${ch}`)
    .replace(LINE_START, (_m, indent: string, marker: string) => `${indent}${marker.replace(/([-+.])/, '\\$1')}`);
}

/** Markdown places (descriptions, field values): escaped text, highlights bold, links as `<url>`, live times. */
export function renderDiscordMarkdownRun(run: MessageRun): string {
  if (run.kind === 'link') return `<${run.url}>`;
  if (run.kind === 'time') return `<t:${run.epochSeconds}:R>`;
  const escaped = escapeDiscordMarkdown(run.text);
  // Whitespace alone in bold would print the asterisks: it stays plain.
  return run.highlighted && escaped.trim() !== '' ? `**${escaped}**` : escaped;
}

/**
 * Renders with `render` and cuts the source at a word boundary until the result fits `max`: escaping grows the
 * text, so the cut happens on the source, never inside an escape sequence or a bold pair.
 */
export function renderWithin(source: string, max: number, render: (s: string) => string): string {
  let budget = Math.min(source.length, max);
  let text = truncateAtWord(source, budget);
  for (let i = 0; i < 20; i++) {
    const rendered = render(text);
    if (rendered.length <= max) return rendered;
    budget -= Math.max(1, rendered.length - max);
    text = truncateAtWord(source, Math.max(1, budget));
  }
  return render(truncateAtWord(source, Math.max(1, Math.floor(max / 3))));
}
