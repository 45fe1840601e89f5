/**
 * Text hygiene every platform applies to feed text before formatting it: characters that can reorder or hide
 * what readers see (bidi overrides, zero-width joiners) and C0/C1 controls are removed, so a headline cannot
 * disguise a link or reverse a word. Newlines and tabs survive; the formatters decide what to do with them.
 */
import { removeUnsafeCharacters as removeUnsafe } from '../../core/text/unsafe-characters.js';

export { truncateAtWord } from '../../core/text/truncate-at-word.js';

/** Unsafe characters removed (the core's one list); line ends made \n. */
export function removeUnsafeCharacters(text: string): string {
  return removeUnsafe(text.replace(/\r\n?/g, '\n'));
}

/** Collapses every whitespace run (newlines included) to one space: for one-line fields such as titles. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}
