import { decodeHTMLStrict } from 'entities';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// Every alternative is linear: element tags stop at the next `<`, and unterminated CDATA, comments or PIs
// swallow the rest of the document instead of being retried from every later position.
const DOCTYPE = /<!DOCTYPE[^<>[]*(?:\[[^\]]*(?:\][^<>]*>|$)|>)/i;
const TAG = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)|<!DOCTYPE[^<>[]*(?:\[[^\]]*(?:\][^<>]*>|$)|>)|<(\/?)([A-Za-z_][\w:.-]*)(?:"[^"<]*"|'[^'<]*'|[^'"<>])*?(\/?)>/gi;
const ITEM_CLOSE = /<\/(?:item|entry|rss:item)\s*>/g;

/**
 * The lenient pass for slightly broken XML: removes a DOCTYPE (its entities are never expanded), leading
 * junk and control characters; escapes bare `&`; turns HTML entities into character references and unknown
 * ones into text; cuts a truncated document after its last complete item and closes what is still open.
 */
export function repairXml(text: string): string {
  let out = text.replace(/^[^<]*/, '');
  out = out.replace(DOCTYPE, '');
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  out = out.replace(/&(?:([A-Za-z][A-Za-z0-9]*)|#(\d+)|#x([0-9A-Fa-f]+));|&/g, (match, name: string | undefined, dec, hex) => {
    if (dec !== undefined || hex !== undefined) {
      const code = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
      return isXmlChar(code) ? match : '';
    }
    if (name === undefined) return '&amp;';
    if (XML_ENTITIES.has(name)) return match;
    const decoded = decodeHTMLStrict(match);
    if (decoded !== match) return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
    return `&amp;${name};`;
  });
  // Atom dates rss-parser cannot read make it throw; renamed, they are read from our own raw fields.
  out = out.replace(/<(\/?)(published|updated)(\s|>)/g, '<$1nb-$2$3');
  // A document that closes everything it opens is left whole; otherwise keep what ends with a complete item.
  if (openElements(out).length === 0) return out;
  const end = lastItemEnd(out);
  return closeAt(out, end > 0 ? end : out.lastIndexOf('>') + 1);
}

/**
 * Cuts the document after the `cap`-th item and closes the open elements, so a runaway feed is never parsed
 * in full. Returns null when the document has no more than `cap` items.
 */
export function truncateItems(text: string, cap: number): { text: string; seen: number } | null {
  ITEM_CLOSE.lastIndex = 0;
  let count = 0;
  while (ITEM_CLOSE.exec(text)) {
    count++;
    if (count === cap) {
      const end = ITEM_CLOSE.lastIndex;
      if (ITEM_CLOSE.exec(text) === null) return null;
      return { text: closeAt(text, end), seen: cap + 1 };
    }
  }
  return null;
}

function lastItemEnd(text: string): number {
  let end = -1;
  ITEM_CLOSE.lastIndex = 0;
  for (let m = ITEM_CLOSE.exec(text); m; m = ITEM_CLOSE.exec(text)) end = ITEM_CLOSE.lastIndex;
  return end;
}

/** `text` cut at `cut`, with closing tags appended for the elements still open there. */
function closeAt(text: string, cut: number): string {
  const prefix = text.slice(0, cut);
  return prefix + openElements(prefix).reverse().map((name) => `</${name}>`).join('');
}

function openElements(text: string): string[] {
  const stack: string[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    const name = m[2];
    if (!name || m[3] === '/') continue;
    if (m[1] !== '/') {
      stack.push(name);
      continue;
    }
    const at = stack.lastIndexOf(name);
    if (at >= 0) stack.length = at;
  }
  return stack;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
