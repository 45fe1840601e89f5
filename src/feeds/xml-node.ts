/** Helpers over the xml2js nodes rss-parser hands back through `keepArray` custom fields. */

export type XmlNode = string | { _?: string; $?: Record<string, string>; [child: string]: unknown };

export function firstNode(value: unknown): XmlNode | undefined {
  const node = Array.isArray(value) ? value[0] : value;
  return typeof node === 'string' || (node && typeof node === 'object') ? (node as XmlNode) : undefined;
}

export function attrsOf(node: XmlNode | undefined): Record<string, string> {
  return node && typeof node === 'object' && node.$ ? node.$ : {};
}

/**
 * The content of an element as a string: its text, or its child elements serialised back to markup
 * (xhtml constructs never reach here as children: inline-xhtml.ts turns them into escaped html first, because
 * xml2js loses the order of mixed text and children).
 */
export function contentOf(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  let out = typeof node._ === 'string' ? node._ : '';
  for (const [key, value] of Object.entries(node)) {
    if (key === '_' || key === '$') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      const name = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
      const inner = contentOf(child as XmlNode);
      out += `<${name}>${inner}</${name}>`;
    }
  }
  return out;
}

/** Text content of an Atom text construct, with Atom 0.3 `mode="base64"` undone. */
export function textConstruct(node: XmlNode | undefined): { text: string; type: string } {
  const attrs = attrsOf(node);
  const type = (attrs['type'] ?? 'text').toLowerCase();
  let text = contentOf(node);
  if ((attrs['mode'] ?? '').toLowerCase() === 'base64') text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  // The element held the div (or its children) itself, so drop the wrapper of xhtml content.
  if (type === 'xhtml' && typeof node === 'object') text = text.replace(/^\s*<div>([\s\S]*)<\/div>\s*$/, '$1');
  return { text: text.trim(), type };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
