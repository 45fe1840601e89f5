/** What the XML and JSON readers extract per item, before identity and URL rules turn it into an Article. */
export interface RawItem {
  guid: string | null;
  /** As written in the feed (may be relative). */
  link: string | null;
  /** Raw title: HTML, or plain text already escaped to HTML when the feed said it is text. */
  title: string;
  body: string;
  /** The date string as written. */
  date: string | null;
  author: string | null;
  categories: string[];
  /** Priority-bearing fields by lowercase element name (see Article.wire); empty when none. */
  wire?: Record<string, string>;
  /** Absolute base URL for this item's relative links (xml:base chain over the document URL). */
  base: string;
}

export interface RawFeed {
  title: string | null;
  items: RawItem[];
  warnings: string[];
}
