import { FeedFetchError } from './errors.js';
import { resolveBase } from './parse-xml-feed.js';
import { readJsonWireFields } from './read-wire-fields.js';
import { escapeHtml } from './xml-node.js';
import type { RawFeed, RawItem } from './raw-item.js';

type Json = Record<string, unknown>;

/** JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read by hand: rss-parser knows only XML. */
export function parseJsonFeed(text: string, opts: { feedId: string; url: string; itemCap: number; wireElements?: string[] }): RawFeed {
  const fail = (kind: 'parse' | 'not-a-feed', message: string, cause?: unknown) =>
    new FeedFetchError(kind, message, { feedId: opts.feedId, url: opts.url, cause });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw fail('parse', `malformed JSON: ${(err as Error).message.slice(0, 200)}`, err);
  }
  if (!isObject(doc)) throw fail('not-a-feed', 'JSON document is not an object');
  const version = str(doc['version']);
  if (!version?.startsWith('https://jsonfeed.org/version/') && !Array.isArray(doc['items'])) {
    throw fail('not-a-feed', 'JSON document is not a JSON Feed');
  }
  const warnings: string[] = [];
  const list = Array.isArray(doc['items']) ? doc['items'] : [];
  if (list.length > opts.itemCap) warnings.push(`more than ${opts.itemCap} items: kept the first ${opts.itemCap}`);
  const feedAuthor = authorName(doc);
  const items: RawItem[] = [];
  let skipped = 0;
  for (const entry of list.slice(0, opts.itemCap)) {
    if (!isObject(entry)) {
      skipped++;
      continue;
    }
    items.push(readItem(entry, opts.url, feedAuthor, opts.wireElements ?? []));
  }
  if (skipped) warnings.push(`${skipped} JSON Feed items were not objects`);
  return { title: str(doc['title'])?.trim() || null, items, warnings };
}

function readItem(item: Json, base: string, feedAuthor: string | null, wireElements: string[]): RawItem {
  const id = item['id'];
  const html = str(item['content_html']);
  const plain = str(item['content_text']);
  const tags = Array.isArray(item['tags']) ? item['tags'].filter((t): t is string => typeof t === 'string') : [];
  return {
    guid: typeof id === 'string' || typeof id === 'number' ? String(id).trim() || null : null,
    link: str(item['url']) ?? str(item['external_url']) ?? null,
    // JSON Feed titles, content_text and summary are plain text: escaped so HTML cleaning keeps "<" and "&".
    title: asHtml(str(item['title']) ?? ''),
    body: (html ?? asHtml(plain ?? str(item['summary']) ?? '')).trim(),
    date: str(item['date_published']) ?? str(item['date_modified']) ?? null,
    author: authorName(item) ?? feedAuthor,
    categories: [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
    base: resolveBase(base, undefined),
    wire: readJsonWireFields(item, wireElements),
  };
}

/** 1.1 `authors[]`, else 1.0 `author`. */
function authorName(obj: Json): string | null {
  const authors = Array.isArray(obj['authors']) ? obj['authors'] : isObject(obj['author']) ? [obj['author']] : [];
  const names = authors.filter(isObject).map((a) => str(a['name'])?.trim()).filter((n): n is string => !!n);
  return names.length ? names.join(', ') : null;
}

function asHtml(text: string): string {
  return /[<&]/.test(text) ? escapeHtml(text) : text;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
