import { attrsOf, contentOf, firstNode, type XmlNode } from './xml-node.js';

/** Item elements always kept for urgency: NewsML/ninjs-style `urgency`, RSS-ish `priority`, AP's `apcm:Priority`. */
export const DEFAULT_WIRE_ELEMENTS = ['urgency', 'priority', 'apcm:Priority'];

// Attributes that carry the value when the element is empty (`<apcm:Priority Numeric="1" Legacy="f"/>`).
const VALUE_ATTRS = ['value', 'Numeric', 'numeric', 'Legacy', 'legacy', 'level', 'ed-urg', 'urgency'];

/** The rss-parser custom-field key an element is kept under. */
export function wireFieldKey(element: string): string {
  return `nbWire:${element}`;
}

/** Elements to ask rss-parser for: the defaults plus the feed's own, without repeats. */
export function wireElementsFor(extra: readonly string[]): string[] {
  return [...new Set([...DEFAULT_WIRE_ELEMENTS, ...extra])];
}

/**
 * Priority-bearing fields of one xml2js item: each kept element's text (else its value attribute), and a
 * category whose domain names urgency/priority as `category:urgency` / `category:priority`.
 */
export function readXmlWireFields(item: Record<string, unknown>, elements: readonly string[]): Record<string, string> {
  const wire: Record<string, string> = {};
  for (const element of elements) {
    const value = nodeValue(firstNode(item[wireFieldKey(element)]));
    if (value) wire[element.toLowerCase()] = value;
  }
  const categories = item['nbCategory'];
  for (const node of (Array.isArray(categories) ? categories : []) as XmlNode[]) {
    const domain = /(urgency|priority)\/?$/i.exec(attrsOf(node)['domain'] ?? '')?.[1]?.toLowerCase();
    const value = contentOf(node).trim();
    if (domain && value && !wire[`category:${domain}`]) wire[`category:${domain}`] = value;
  }
  return wire;
}

function nodeValue(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const text = contentOf(node).trim();
  if (text) return text.slice(0, 200);
  const attrs = attrsOf(node);
  const named = VALUE_ATTRS.map((a) => attrs[a]).find((v) => v?.trim());
  return (named ?? Object.values(attrs).find((v) => v.trim()))?.trim().slice(0, 200);
}

/** ninjs `urgency` (number or string), also under a `_ninjs` extension object, and a plain `priority`. */
export function readJsonWireFields(item: Record<string, unknown>, elements: readonly string[]): Record<string, string> {
  const wire: Record<string, string> = {};
  const ext = item['_ninjs'];
  const sources = [item, ...(ext && typeof ext === 'object' && !Array.isArray(ext) ? [ext as Record<string, unknown>] : [])];
  for (const name of ['urgency', 'priority', ...elements]) {
    for (const source of sources) {
      const value = source[name];
      if ((typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim())) {
        wire[name.toLowerCase()] ??= String(value).trim().slice(0, 200);
      }
    }
  }
  return wire;
}
