/** The one word-boundary cut: platform fields, digest summaries and lifecycle change lines use it. */

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
