import { decodeBody } from './decode-body.js';
import { FeedFetchError } from './errors.js';
import { dedupeArticles, toArticle } from './normalize-item.js';
import { parseJsonFeed } from './parse-json-feed.js';
import { parseXmlFeed } from './parse-xml-feed.js';
import type { FeedFormat, ParsedFeed, ParseOptions } from './types.js';

const DEFAULT_ITEM_CAP = 5_000;

/**
 * Feed bytes → articles, without HTTP: decodes the charset, reads RSS 0.9x–2.0, RDF, Atom 0.3/1.0 (through
 * rss-parser, with a lenient second pass) or JSON Feed, resolves links and de-duplicates identities.
 * Throws FeedFetchError of kind `not-a-feed` or `parse`.
 */
export async function parseFeed(body: Buffer, opts: ParseOptions): Promise<ParsedFeed> {
  const itemCap = opts.itemCap ?? DEFAULT_ITEM_CAP;
  const ctx = { feedId: opts.feedId, url: opts.url, itemCap, wireElements: opts.wireElements ?? [] };
  const decoded = decodeBody(body, opts.contentType);
  const warnings = decoded.warning ? [decoded.warning] : [];
  const text = decoded.text;
  const start = text.search(/\S/);
  if (start < 0) throw new FeedFetchError('not-a-feed', 'empty body', { feedId: opts.feedId, url: opts.url });
  let format: FeedFormat;
  let raw;
  try {
    if (text[start] === '{' || /\bjson\b/i.test(opts.contentType ?? '')) {
      raw = parseJsonFeed(text, ctx);
      format = 'json';
    } else {
      raw = await parseXmlFeed(text, ctx);
      format = raw.format;
    }
  } catch (err) {
    if (err instanceof FeedFetchError) throw err;
    throw new FeedFetchError('parse', `cannot read feed: ${(err as Error)?.message ?? String(err)}`.slice(0, 300), {
      ...ctx,
      cause: err,
    });
  }
  warnings.push(...raw.warnings);
  const { articles, duplicates } = dedupeArticles(raw.items.slice(0, itemCap).map((item) => toArticle(opts.feedId, item)));
  if (duplicates) warnings.push(`${duplicates} items repeated an identity and were merged`);
  return { format, title: raw.title, articles, warnings };
}
