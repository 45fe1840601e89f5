import Parser from 'rss-parser';
import { FeedFetchError } from './errors.js';
import type { RawFeed, RawItem } from './raw-item.js';
import { readXmlWireFields, wireElementsFor, wireFieldKey } from './read-wire-fields.js';
import { inlineXhtmlConstructs } from './inline-xhtml.js';
import { repairXml, truncateItems } from './repair-xml.js';
import type { FeedFormat } from './types.js';
import { attrsOf, contentOf, escapeHtml, firstNode, textConstruct, type XmlNode } from './xml-node.js';

const K = { keepArray: true };
// rss-parser drops attributes and most Atom/DC fields; keepArray custom fields hand us the raw xml2js nodes.
const ITEM_FIELDS = [
  ['$', 'nbAttrs', K], ['title', 'nbTitle', K], ['dc:title', 'nbDcTitle', K], ['link', 'nbLink', K],
  ['guid', 'nbGuid', K], ['id', 'nbId', K], ['pubDate', 'nbPubDate', K], ['dc:date', 'nbDcDate', K],
  ['published', 'nbPublished', K], ['updated', 'nbUpdated', K], ['nb-published', 'nbPublished2', K],
  ['nb-updated', 'nbUpdated2', K], ['issued', 'nbIssued', K], ['modified', 'nbModified', K],
  ['created', 'nbCreated', K], ['nb-description', 'nbDescription', K], ['nb-encoded', 'nbEncoded', K],
  ['nb-content', 'nbContent', K], ['summary', 'nbSummary', K], ['category', 'nbCategory', K],
  ['dc:subject', 'nbSubject', K], ['author', 'nbAuthor', K], ['dc:creator', 'nbCreator', K],
];
// rss-parser builds a "snippet" of every description/content with regexes that are quadratic on markup such as
// `<p<p<p…` (120 KB took 12 s). Renamed, those elements reach us only through our own fields. A body holding
// these tag names literally inside CDATA is renamed too; that costs nothing for matching.
const BODY_TAGS = /<(\/?)(description|content:encoded|content)(?=[\s>/])/g;
const BODY_RENAMES: Record<string, string> = { description: 'nb-description', 'content:encoded': 'nb-encoded', content: 'nb-content' };
const FEED_FIELDS = [['$', 'nbAttrs', K], ['title', 'nbTitle', K]];
const parsers = new Map<string, Parser>();

/** One parser per set of kept wire elements (feeds rarely differ, so this stays tiny). */
function parserFor(elements: readonly string[]): Parser {
  const key = elements.join('\n');
  let parser = parsers.get(key);
  if (!parser) {
    const wire = elements.map((e) => [e, wireFieldKey(e), K]);
    parser = new Parser({ defaultRSS: 2, customFields: { feed: FEED_FIELDS, item: [...ITEM_FIELDS, ...wire] } as never });
    parsers.set(key, parser);
  }
  return parser;
}

type Fields = Record<string, unknown>;
// Deterministic alternatives (a PI cannot run past its first `?>`): no catastrophic backtracking on hostile prologs.
const ROOT = /^(?:\s*(?:<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->|<!DOCTYPE[^<>[]*(?:\[[^\]]*\][^<>]*)?>))*\s*<([A-Za-z_][\w:.-]*)([^<>]*)>/;

/** The root element of an XML document, or null when the text does not start like XML. */
export function sniffRoot(text: string): { name: string; attrs: string } | null {
  const m = ROOT.exec(text.slice(0, 64 * 1024));
  return m ? { name: m[1]!, attrs: m[2]! } : null;
}

export async function parseXmlFeed(
  text: string,
  opts: { feedId: string; url: string; itemCap: number; wireElements?: string[] },
): Promise<RawFeed & { format: FeedFormat }> {
  const fail = (kind: 'parse' | 'not-a-feed', message: string, cause?: unknown) =>
    new FeedFetchError(kind, message, { feedId: opts.feedId, url: opts.url, cause });
  const root = sniffRoot(text);
  const format = root ? formatOf(root.name, root.attrs) : null;
  if (!root || !format) throw fail('not-a-feed', root ? `root element <${root.name.slice(0, 40)}> is not a feed` : 'not XML');
  const warnings: string[] = [];
  let source = text;
  const prefix = /^(\w+):feed$/.exec(root.name)?.[1];
  // rss-parser only knows an unprefixed Atom root.
  if (prefix) source = source.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
  // Before the renames below: they hide which elements are Atom text constructs.
  source = inlineXhtmlConstructs(source);
  source = source.replace(BODY_TAGS, (_m, slash: string, name: string) => `<${slash}${BODY_RENAMES[name]}`);
  const cut = truncateItems(source, opts.itemCap);
  if (cut) {
    source = cut.text;
    warnings.push(`more than ${opts.itemCap} items: kept the first ${opts.itemCap}`);
  }
  const wireElements = wireElementsFor(opts.wireElements ?? []);
  const parser = parserFor(wireElements);
  let out: Fields;
  try {
    out = (await parser.parseString(source)) as unknown as Fields;
  } catch (first) {
    try {
      out = (await parser.parseString(repairXml(source))) as unknown as Fields;
      warnings.push(`malformed XML repaired (${firstLine(first)})`);
    } catch {
      throw fail('parse', `malformed XML: ${firstLine(first)}`, first);
    }
  }
  const docBase = resolveBase(opts.url, /\sxml:base\s*=\s*["']([^"']*)["']/.exec(root.attrs)?.[1]);
  const feedBase = resolveBase(docBase, ownAttrs(out)['xml:base']);
  const titleNode = firstNode(out['nbTitle']);
  const feedTitle = format === 'atom' ? textConstruct(titleNode).text : typeof out['title'] === 'string' ? out['title'].trim() : contentOf(titleNode).trim();
  const items = ((out['items'] as Fields[] | undefined) ?? []).map((item) => readItem(item, format, feedBase, wireElements));
  return { format, title: feedTitle || null, items, warnings };
}

function formatOf(name: string, attrs: string): FeedFormat | null {
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  if (name === 'rss') return /version\s*=\s*["']0\.9/.test(attrs) ? 'rss09' : 'rss2';
  if (local === 'RDF') return /my\.netscape\.com\/rdf\/simple\/0\.9/.test(attrs) ? 'rss09' : 'rss1';
  if (local === 'feed') return 'atom';
  return null;
}

function readItem(item: Fields, format: FeedFormat, feedBase: string, wireElements: string[]): RawItem {
  const base = resolveBase(feedBase, ownAttrs(item)['xml:base']);
  const node = (key: string) => firstNode(item[key]);
  const text = (key: string) => contentOf(node(key)).trim();
  const atom = format === 'atom';
  const title = titleOf(node('nbTitle'), atom) || titleOf(node('nbDcTitle'), atom);
  const body = richest([text('nbEncoded'), contentOf(bodyNode(node('nbContent'))), text('nbDescription'), contentOf(bodyNode(node('nbSummary')))]);
  const date = firstText([text('nbPubDate'), text('nbDcDate'), text('nbPublished'), text('nbPublished2'), text('nbIssued'), text('nbCreated'), text('nbUpdated'), text('nbUpdated2'), text('nbModified')]);
  const guid = firstText([text('nbGuid'), text('nbId')]) ?? null;
  const about = ownAttrs(item)['rdf:about'];
  return {
    guid,
    link: (atom ? atomLink(item['nbLink']) : firstText([text('nbLink'), about])) ?? null,
    title,
    body,
    date: date ?? null,
    author: authorOf(node('nbAuthor')) ?? firstText([text('nbCreator')]) ?? null,
    categories: categoriesOf(item),
    base,
    wire: readXmlWireFields(item, wireElements),
  };
}

function titleOf(node: XmlNode | undefined, atom: boolean): string {
  if (!node) return '';
  const { text } = textConstruct(node);
  // Atom says this is plain text: escape it so HTML cleaning downstream keeps "<" and "&" literal.
  const plain = atom && attrsOf(node)['type']?.toLowerCase() === 'text';
  return plain && /[<&]/.test(text) ? escapeHtml(text) : text;
}

/** Out-of-line Atom content (`src=`) carries no text; explicit plain text is escaped like titles. */
function bodyNode(node: XmlNode | undefined): XmlNode | undefined {
  if (!node || attrsOf(node)['src']) return undefined;
  const { text } = textConstruct(node);
  return attrsOf(node)['type']?.toLowerCase() === 'text' && /[<&]/.test(text) ? escapeHtml(text) : text;
}

function atomLink(links: unknown): string | null {
  const list = (Array.isArray(links) ? links : []) as XmlNode[];
  const withHref = list.filter((l) => attrsOf(l)['href']);
  const pick = withHref.find((l) => (attrsOf(l)['rel'] ?? 'alternate') === 'alternate') ?? withHref[0];
  if (pick) {
    const attrs = attrsOf(pick);
    const href = attrs['href']!.trim();
    return attrs['xml:base'] ? resolveBase(attrs['xml:base'], href) : href;
  }
  // Some "Atom" feeds put the URL in the element text.
  const textual = list.map((l) => contentOf(l).trim()).find(Boolean);
  return textual ?? null;
}

function authorOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (typeof node === 'object' && node['name']) return contentOf(firstNode(node['name'])).trim() || undefined;
  return contentOf(node).trim() || undefined;
}

function categoriesOf(item: Fields): string[] {
  const out: string[] = [];
  for (const key of ['nbCategory', 'nbSubject']) {
    const list = item[key];
    for (const node of (Array.isArray(list) ? list : []) as XmlNode[]) {
      const attrs = attrsOf(node);
      const value = (attrs['term'] ?? attrs['label'] ?? contentOf(node)).trim();
      if (value && !out.includes(value)) out.push(value);
    }
  }
  return out;
}

/** The element's own attributes (the `$` rss-parser copied as nbAttrs). */
function ownAttrs(fields: Fields): Record<string, string> {
  const attrs = fields['nbAttrs'];
  return attrs && typeof attrs === 'object' && !Array.isArray(attrs) ? (attrs as Record<string, string>) : {};
}

function richest(candidates: string[]): string {
  return candidates.reduce((best, c) => (c.length > best.length ? c : best), '').trim();
}

function firstText(candidates: Array<string | undefined>): string | undefined {
  return candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '')?.trim();
}

/** `href` resolved against `base`; the base itself when `href` is absent or unusable. */
export function resolveBase(base: string, href: string | undefined): string {
  if (!href) return base;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return base;
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
}
