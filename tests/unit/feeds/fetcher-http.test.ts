import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import type { FeedFetcher, FetcherOptions } from '../../../src/feeds/types.js';
import { redirect, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { manualClock } from './fetch-helpers.js';

let server: FeedServer;
let fetcher: FeedFetcher;
const clock = manualClock();
const make = (opts: Partial<FetcherOptions> = {}) => createFetcher({ clock, allowHosts: ['127.0.0.0/8'], ...opts });

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await fetcher?.close();
});

describe('createFetcher: fetching and conditional GET', () => {
  it('fetches and parses a feed, sending a User-Agent naming the bot', async () => {
    fetcher = make();
    server.route('/wire.xml', { file: 'rss2-wire.xml', etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT' });
    const out = await fetcher.poll({ id: 'wire', url: server.url('/wire.xml') }, undefined);
    expect(out.kind).toBe('fetched');
    if (out.kind !== 'fetched') return;
    expect(out.articles.map((a) => a.id)).toEqual(['wire-2026-0001', 'https://wire.example/world/doha-talks', 'wire-2026-0003']);
    expect(out.feedTitle).toBe('Fixture Wire: World');
    expect(out.state).toMatchObject({
      etag: '"v1"',
      lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT',
      consecutiveFailures: 0,
      lastSuccessAt: clock.now(),
      nextPollAt: null,
    });
    expect(out.state.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    const sent = server.requests('/wire.xml').at(-1)!.headers;
    expect(sent['user-agent']).toMatch(/^newsbot\//);
    expect(sent['accept-encoding']).toContain('gzip');
    expect(sent['if-none-match']).toBeUndefined();
  });

  it('sends If-None-Match / If-Modified-Since and returns not-modified on 304', async () => {
    fetcher = make();
    server.route('/etag.xml', { file: 'rss2-wire.xml', etag: '"abc"' });
    const first = await fetcher.poll({ id: 'e', url: server.url('/etag.xml') }, undefined);
    const second = await fetcher.poll({ id: 'e', url: server.url('/etag.xml') }, first.state);
    expect(second.kind).toBe('not-modified');
    expect(server.requests('/etag.xml').at(-1)!.headers['if-none-match']).toBe('"abc"');
    expect(second.state.etag).toBe('"abc"');
    expect(second.state.bodyHash).toBe(first.state.bodyHash);

    server.route('/lm.xml', { file: 'rss2-wire.xml', lastModified: 'Mon, 23 Nov 2026 08:00:00 GMT' });
    const lm1 = await fetcher.poll({ id: 'l', url: server.url('/lm.xml') }, undefined);
    const lm2 = await fetcher.poll({ id: 'l', url: server.url('/lm.xml') }, lm1.state);
    expect(lm2.kind).toBe('not-modified');
    expect(server.requests('/lm.xml').at(-1)!.headers['if-modified-since']).toBe('Mon, 23 Nov 2026 08:00:00 GMT');
  });

  it('does not parse a body whose hash has not changed', async () => {
    fetcher = make();
    let body = '<rss version="2.0"><channel><item><guid>1</guid><title>one</title></item></channel></rss>';
    server.route('/same.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    });
    const first = await fetcher.poll({ id: 's', url: server.url('/same.xml') }, undefined);
    expect(first.kind).toBe('fetched');
    const second = await fetcher.poll({ id: 's', url: server.url('/same.xml') }, first.state);
    expect(second.kind).toBe('unchanged');
    // Proof that "unchanged" skipped parsing: the same state with a corrupted body would have failed to parse.
    body = 'garbage that is not a feed';
    const third = await fetcher.poll({ id: 's', url: server.url('/same.xml') }, { ...first.state, bodyHash: null });
    expect(third).toMatchObject({ kind: 'failed', error: { kind: 'not-a-feed' } });
  });

  it('follows redirects and resolves relative links against the final URL', async () => {
    fetcher = make();
    server.route('/moved', redirect('/hop2', 301));
    server.route('/hop2', redirect(server.url('/final/feed.xml'), 307));
    server.route('/final/feed.xml', { file: 'doc-relative.xml' });
    const out = await fetcher.poll({ id: 'r', url: server.url('/moved') }, undefined);
    expect(out.kind).toBe('fetched');
    if (out.kind !== 'fetched') return;
    expect(out.articles.map((a) => a.link)).toEqual([server.url('/relative/path'), server.url('/final/sibling.html')]);
  });

  it('gives up after maxRedirects', async () => {
    fetcher = make({ maxRedirects: 5 });
    for (let i = 0; i < 7; i++) server.route(`/loop${i}`, redirect(`/loop${i + 1}`));
    server.route('/loop7', { file: 'rss2-wire.xml' });
    const out = await fetcher.poll({ id: 'loop', url: server.url('/loop0') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'http', message: 'more than 5 redirects' } });
    expect(server.hits('/loop6')).toBe(0);
    await fetcher.close();
    fetcher = make({ maxRedirects: 7 });
    const ok = await fetcher.poll({ id: 'loop', url: server.url('/loop0') }, undefined);
    expect(ok.kind).toBe('fetched');
  });

  it('decodes gzip bodies', async () => {
    fetcher = make();
    server.route('/gz.xml', { file: 'atom10-base.xml', gzip: true });
    const out = await fetcher.poll({ id: 'gz', url: server.url('/gz.xml') }, undefined);
    expect(out.kind).toBe('fetched');
    if (out.kind === 'fetched') expect(out.articles).toHaveLength(3);
  });

  it('serves JSON Feed by content type', async () => {
    fetcher = make();
    server.route('/feed.json', { file: 'jsonfeed-11.json' });
    const out = await fetcher.poll({ id: 'j', url: server.url('/feed.json') }, undefined);
    expect(out.kind === 'fetched' && out.articles.map((a) => a.id)).toEqual(['json-1', '2', 'json-3']);
  });

  it('decodes charsets from the HTTP header', async () => {
    fetcher = make();
    server.route('/latin1.xml', { file: 'latin1-header-only.xml', contentType: 'text/xml; charset=iso-8859-1' });
    const out = await fetcher.poll({ id: 'c', url: server.url('/latin1.xml') }, undefined);
    expect(out.kind === 'fetched' && out.articles[0]!.body).toBe('Naïve résumé of the day ... coût 5 EUR');
    expect(out.kind === 'fetched' && out.warnings).toEqual([]);
  });

  it('applies the item cap', async () => {
    fetcher = make({ itemCap: 1 });
    server.route('/capped.xml', { file: 'rss2-wire.xml' });
    const out = await fetcher.poll({ id: 'cap', url: server.url('/capped.xml') }, undefined);
    expect(out.kind === 'fetched' && out.articles.length).toBe(1);
    expect(out.kind === 'fetched' && out.warnings.join()).toMatch(/more than 1 items/);
  });
});
