/**
 * Wire feeds a lifecycle test edits between polls: each feed serves its current stories (the lifecycle
 * fixtures' own-words copy) as RSS 2.0, with guid, link, pubDate and body, so a story can be re-sent under the
 * same guid as a write-through, a correction or a kill.
 */
import type { StoryInput } from '../../../src/core/lifecycle/prepare-story.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';

export interface StoryWire {
  server: FeedServer;
  /** The URL of a feed, by the id the test gives it. */
  url(feed: string): string;
  /** What a feed serves from now on, newest first. */
  setStories(feed: string, stories: StoryInput[]): void;
  stop(): Promise<void>;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function renderItem(story: StoryInput): string {
  return `<item><guid isPermaLink="false">${escapeXml(story.id)}</guid><title>${escapeXml(story.title)}</title>` +
    `<link>${escapeXml(story.link ?? '')}</link>` +
    (story.published ? `<pubDate>${new Date(story.published).toUTCString()}</pubDate>` : '') +
    `<description>${escapeXml(story.body)}</description></item>`;
}

export async function startStoryWire(feeds: string[]): Promise<StoryWire> {
  const server = await startFeedServer();
  const current = new Map<string, StoryInput[]>(feeds.map((f) => [f, []]));
  for (const feed of feeds) {
    server.route(`/${feed}.xml`, (_req, res) => {
      const items = (current.get(feed) ?? []).map(renderItem).join('');
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0"?><rss version="2.0"><channel><title>${feed}</title><link>https://${feed}.example/</link>` +
          `<description>${feed} wire</description>${items}</channel></rss>`);
    });
  }
  return {
    server,
    url: (feed) => server.url(`/${feed}.xml`),
    setStories: (feed, stories) => void current.set(feed, stories),
    stop: () => server.stop(),
  };
}
