/**
 * Text helpers for Slack mrkdwn and plain_text. Slack's only escaping is `&`, `<` and `>`: with those three
 * escaped, feed text cannot form a mention (`<!channel>`, `<@U1>`), a masked link (`<http://x|y>`) or a date
 * token, provided we never send `link_names` or `parse: full` (we do not).
 */

import { removeUnsafeCharacters } from '../shared/sanitize-text.js';

/**
 * Escapes the three characters Slack gives meaning to, after dropping what can reorder or hide text (bidi
 * overrides, zero-width characters, controls: the shared hygiene every platform applies).
 */
export function escapeSlackText(text: string): string {
  return removeUnsafeCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

// Slack mrkdwn has no escape for its marks: in feed text they become lookalikes that never pair (the same
// choice as command replies' code spans make for backticks), so "**draft**" or "~~x~~" reads as typed.
const MRKDWN_MARKS: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };

/** Feed text for mrkdwn: `*`, `_`, `~` and backticks replaced one for one (lengths unchanged) by lookalikes. */
export function neutraliseMrkdwnMarks(text: string): string {
  return text.replace(/[*_~`]/g, (ch) => MRKDWN_MARKS[ch]!);
}

/** Hygiene without escaping, for plain_text fields (Slack would show `&amp;` there literally). */
export function stripBidiControls(text: string): string {
  return removeUnsafeCharacters(text);
}

/** A run of text to render: `bold` runs become `*…*` in mrkdwn. */
export interface TextRun {
  text: string;
  bold?: boolean;
}

/** Splits our `**term**` marks (Alert.summary) into runs. */
export function splitBoldMarks(marked: string): TextRun[] {
  const runs: TextRun[] = [];
  const re = /\*\*(.+?)\*\*/gs;
  let last = 0;
  for (const m of marked.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) runs.push({ text: marked.slice(last, at) });
    runs.push({ text: m[1] ?? '', bold: true });
    last = at + m[0].length;
  }
  if (last < marked.length) runs.push({ text: marked.slice(last) });
  return runs;
}

const ELLIPSIS = '…';

/**
 * Escaped mrkdwn from runs, never longer than `max` characters. Truncation cuts the source text (by code
 * point), never an entity or a bold mark, so the result is always well-formed.
 */
export function renderRunsMrkdwn(runs: TextRun[], max: number): string {
  let out = '';
  for (const run of runs) {
    const piece = renderRun(run.text, run.bold === true);
    if (out.length + piece.length <= max) {
      out += piece;
      continue;
    }
    const room = max - out.length - ELLIPSIS.length;
    out += fitRun(run.text, run.bold === true, room) + ELLIPSIS;
    return out;
  }
  return out;
}

function renderRun(text: string, bold: boolean): string {
  const esc = escapeSlackText(text);
  if (!bold || esc.trim() === '') return esc;
  // Slack only bolds `*x*` when the marks hug the word: keep surrounding spaces outside them.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(esc);
  return m ? `${m[1]}*${m[2]}*${m[3]}` : `*${esc}*`;
}

/** The longest prefix of `text` whose rendering fits `room` characters (may be empty). */
function fitRun(text: string, bold: boolean, room: number): string {
  if (room <= 0) return '';
  const points = Array.from(text);
  let lo = 0;
  let hi = points.length;
  // Rendering length grows monotonically with the prefix: binary search the cut.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (renderRun(points.slice(0, mid).join(''), bold).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : renderRun(points.slice(0, lo).join(''), bold);
}

/** Escaped mrkdwn of plain text, capped at `max` characters. */
export function escapeAndFit(text: string, max: number): string {
  return renderRunsMrkdwn([{ text }], max);
}

/** plain_text (header, fallback): no escaping needed beyond bidi, capped by code points. */
export function fitPlain(text: string, max: number): string {
  const points = Array.from(stripBidiControls(text));
  if (points.length <= max) return points.join('');
  return points.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/**
 * A link target safe inside `<url|text>`: only absolute http(s) URLs; `|` and the three special characters
 * cannot end the link early. Returns null for anything else, so the caller renders unlinked text.
 */
export function safeLinkUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const href = url.href.replace(/\|/g, '%7C').replace(/\s/g, encodeURIComponent);
  if (href.length > 2000) return null;
  return escapeSlackText(href);
}

/** `<url|text>` with escaped text, or the escaped text alone when the URL is unusable. */
export function linkMrkdwn(url: string | null, text: string, maxText: number): string {
  const safe = safeLinkUrl(url);
  const label = escapeAndFit(text, maxText);
  return safe ? `<${safe}|${label}>` : label;
}
