/**
 * The hostile feeds of issue 7, one route each, shared by the fetcher's unit test and the whole-cycle
 * end-to-end test so both prove their promises against the same inputs.
 */
import { gzipSync } from 'node:zlib';
import { drip, endless, readFixture, silent, type FeedServer } from './feed-server.js';

/** Route ids this helper adds (the caller adds its own `/flip` and healthy feeds). */
export const HOSTILE_ROUTES = ['laughs', 'xxe', 'endless', 'bomb', 'drip', 'silent', 'invalid-utf8', 'html', 'huge'] as const;

export function buildHugeFeed(items: number): Buffer {
  const parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>'];
  for (let i = 0; i < items; i++) parts.push(`<item><title>n${i}</title><guid>g${i}</guid></item>`);
  parts.push('</channel></rss>');
  return Buffer.from(parts.join(''));
}

/** `secretFile`: the local file the XXE entity names; its contents must appear nowhere. */
export function routeHostileFeeds(server: Pick<FeedServer, 'route'>, secretFile: string): void {
  server.route('/laughs', { file: 'billion-laughs.xml' });
  // The title would match `Taliban` if the entity were expanded into it.
  server.route('/xxe', {
    body: `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secretFile}">]><rss version="2.0"><channel><title>x</title>` +
      `<item><guid>x1</guid><title>Taliban &xxe;</title><description>&xxe;</description></item></channel></rss>`,
  });
  server.route('/endless', endless('<item><title>more</title></item>'.repeat(200)));
  const bomb = gzipSync(Buffer.alloc(48 * 1024 * 1024, 0x20));
  server.route('/bomb', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb);
  });
  server.route('/drip', drip(readFixture('rss2-wire.xml').toString(), 200));
  server.route('/silent', silent());
  server.route('/invalid-utf8', { file: 'invalid-utf8.xml' });
  server.route('/html', { file: 'html-page.html', contentType: 'text/html; charset=utf-8' });
  server.route('/huge', { body: buildHugeFeed(100_000) });
}
