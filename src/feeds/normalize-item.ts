import { createHash } from 'node:crypto';
import type { Article } from '../core/model.js';
import { removeUnsafeCharacters } from '../core/text/unsafe-characters.js';
import { parseFeedDate } from './parse-date.js';
import type { RawItem } from './raw-item.js';

/** The absolute http(s) form of a feed link, or null (javascript:, mailto:, unparsable …). */
export function resolveLink(link: string | null, base: string): string | null {
  const href = link?.trim();
  if (!href) return null;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * RawItem → Article. Identity: guid/id; else the resolved link; else a hash of title + date (of the body
 * when both are empty, so distinct untitled, undated items stay distinct).
 */
export function toArticle(feedId: string, raw: RawItem): Article {
  const link = resolveLink(raw.link, raw.base);
  const published = parseFeedDate(raw.date);
  const id = raw.guid || link || hashIdentity(raw);
  return {
    feedId,
    id,
    title: removeUnsafeCharacters(raw.title).trim(),
    body: raw.body,
    link,
    published,
    author: raw.author?.trim() || null,
    categories: raw.categories,
    ...(raw.wire && Object.keys(raw.wire).length ? { wire: raw.wire } : {}),
  };
}

function hashIdentity(raw: RawItem): string {
  const title = raw.title.trim();
  const date = raw.date?.trim() ?? '';
  const material = title || date ? `${title}\n${date}` : `body\n${raw.body}`;
  return `sha256:${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}

/** Two items with one identity are one article: the later one's content, in the first one's place. */
export function dedupeArticles(articles: Article[]): { articles: Article[]; duplicates: number } {
  const byId = new Map<string, Article>();
  for (const a of articles) byId.set(a.id, a);
  return { articles: [...byId.values()], duplicates: articles.length - byId.size };
}
