/**
 * Text hygiene every platform applies to feed text before formatting it: characters that can reorder or hide
 * what readers see (bidi overrides, zero-width joiners) and C0/C1 controls are removed, so a headline cannot
 * disguise a link or reverse a word. Newlines and tabs survive; the formatters decide what to do with them.
 */
import { removeUnsafeCharacters as removeUnsafe } from '../../core/text/unsafe-characters.js';

/** Unsafe characters removed (the core's one list); line ends made \n. */
export function removeUnsafeCharacters(text: string): string {
  return removeUnsafe(text.replace(/\r\n?/g, '\n'));
}

/** Collapses every whitespace run (newlines included) to one space: for one-line fields such as titles. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Discord and Slack count), at a word boundary when
 * one lies in the second half of what is kept, ending with `ellipsis`. Never splits a surrogate pair.
 */
export function truncateAtWord(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  if (max <= ellipsis.length) return ellipsis.slice(0, Math.max(0, max));
  let cut = max - ellipsis.length;
  if (isLowSurrogate(text.charCodeAt(cut))) cut -= 1;
  const head = text.slice(0, cut);
  const space = head.search(/\s\S*$/u);
  const base = space >= Math.floor(cut * 0.5) ? head.slice(0, space) : head;
  return `${base.trimEnd()}${ellipsis}`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
