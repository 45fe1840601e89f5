/** Shared parts of the security end-to-end tests: the injection headline and a small RSS builder. */

/** The chat-injection headline of issue 7, exactly. */
export const HEADLINE = '@everyone <@&1> <!channel> <http://evil|R> [R](http://evil) \u202E &#x202E; <script>';

/** XML-escapes text so the feed reader hands back exactly `text` as the element's content. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function rssItem(guid: string, title: string, body: string): string {
  return `<item><guid isPermaLink="false">${guid}</guid><title>${escapeXml(title)}</title>` +
    `<link>https://wire.example/${guid}</link><description>${escapeXml(body)}</description></item>`;
}

export function rssFeed(title: string, items: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${escapeXml(title)}</title>` +
    `<link>https://wire.example/</link><description>d</description>${items.join('')}</channel></rss>`;
}
