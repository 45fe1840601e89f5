import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeedState } from '../../../src/core/ports.js';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import { FeedFetchError } from '../../../src/feeds/errors.js';
import type { FeedFetcher, FetcherOptions } from '../../../src/feeds/types.js';
import { drip, endless, sequence, silent, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { manualClock, tableLookup } from './fetch-helpers.js';

let server: FeedServer;
let fetcher: FeedFetcher;
const clock = manualClock();
const backoff = { baseMs: 1_000, maxMs: 8_000 };
const make = (opts: Partial<FetcherOptions> = {}) => createFetcher({ clock, allowHosts: ['127.0.0.0/8'], backoff, ...opts });
const FEED = '<rss version="2.0"><channel><title>t</title><item><guid>1</guid><title>one</title></item></channel></rss>';

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(async () => {
  await fetcher?.close();
});

describe('createFetcher: limits', () => {
  it('fails with `timeout` when a server drips one byte every 200 ms (total timeout counts the body)', async () => {
    fetcher = make({ timeoutMs: 1_000 });
    server.route('/drip', drip(FEED.repeat(20), 200));
    const started = Date.now();
    const out = await fetcher.poll({ id: 'drip', url: server.url('/drip') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'timeout', feedId: 'drip' } });
    // Functional bound, not a benchmark: the 1 s total timeout fired long before the 30 s the drip needs.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('fails with `timeout` when a server never sends headers', async () => {
    fetcher = make({ timeoutMs: 500 });
    server.route('/silent', silent());
    const out = await fetcher.poll({ id: 'silent', url: server.url('/silent') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
  });

  it('fails with `timeout` when name resolution never answers', async () => {
    fetcher = make({ timeoutMs: 300, lookup: () => undefined });
    const out = await fetcher.poll({ id: 'dns-hang', url: 'http://hanging.test/feed' }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });
  });

  it('refuses a declared Content-Length over the cap before reading it', async () => {
    fetcher = make({ maxBytes: 100 });
    server.route('/big', { body: FEED.padEnd(500, ' ') });
    const out = await fetcher.poll({ id: 'big', url: server.url('/big') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
  });

  it('counts decoded bytes: a gzip body that inflates past the cap is too-large', async () => {
    fetcher = make({ maxBytes: 1024 * 1024 });
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    server.route('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(bomb);
    });
    const out = await fetcher.poll({ id: 'bomb', url: server.url('/bomb') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
  });

  it('stops reading a body that never ends', async () => {
    fetcher = make({ maxBytes: 2 * 1024 * 1024 });
    server.route('/endless', endless('<item><title>again</title></item>'.repeat(100)));
    const out = await fetcher.poll({ id: 'endless', url: server.url('/endless') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'too-large' } });
  });
});

describe('createFetcher: classified failures and backoff', () => {
  it('classifies HTTP, not-a-feed, parse, connect and DNS failures with feed id and URL', async () => {
    fetcher = make({ lookup: tableLookup({}) });
    server.route('/404', { status: 404, body: 'nope' });
    server.route('/html', { file: 'html-page.html', contentType: 'text/html' });
    server.route('/broken', { body: '<rss version="2.0"><channel><item a=b></item></channel></rss>' });
    const closed = await startFeedServer();
    const deadUrl = closed.url('/feed');
    await closed.stop();
    const cases: Array<[string, Partial<FeedFetchError>]> = [
      [server.url('/404'), { kind: 'http', status: 404 }],
      [server.url('/html'), { kind: 'not-a-feed' }],
      [server.url('/broken'), { kind: 'parse' }],
      [deadUrl, { kind: 'connect' }],
      ['http://no-such-host.test/feed', { kind: 'dns' }],
    ];
    for (const [url, expected] of cases) {
      const out = await fetcher.poll({ id: 'c', url }, undefined);
      expect(out.kind, url).toBe('failed');
      if (out.kind !== 'failed') continue;
      expect(out.error).toBeInstanceOf(FeedFetchError);
      expect(out.error, url).toMatchObject({ ...expected, feedId: 'c', url });
      expect(out.state.lastError).toBe(`${out.error.kind}: ${out.error.message}`);
    }
  });

  it('backs off exponentially on consecutive failures, capped, and resets on success', async () => {
    fetcher = make();
    server.route('/flaky', sequence([{ status: 500 }, { status: 500 }, { status: 502 }, { status: 500 }, { status: 500 }, { body: FEED }]));
    const url = server.url('/flaky');
    let state: FeedState | undefined = undefined;
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = await fetcher.poll({ id: 'flaky', url }, state);
      expect(out.kind).toBe('failed');
      state = { ...out.state, failing: i >= 2 };
      expect(state.consecutiveFailures).toBe(i + 1);
      expect(state.lastErrorAt).toBe(clock.now());
      delays.push(state.nextPollAt! - clock.now());
      clock.advance(delays.at(-1)!);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    const ok = await fetcher.poll({ id: 'flaky', url }, state);
    expect(ok.kind).toBe('fetched');
    expect(ok.state).toMatchObject({ consecutiveFailures: 0, nextPollAt: null, lastSuccessAt: clock.now() });
    // `failing` belongs to the app: passed through untouched.
    expect(ok.state.failing).toBe(true);
    expect(ok.state.lastError).toBe('http: HTTP 500');
  });

  it('honours Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
    fetcher = make();
    server.route('/429', { status: 429, headers: { 'retry-after': '120' } });
    const inFiveMinutes = new Date(clock.now() + 300_000).toUTCString();
    server.route('/503', { status: 503, headers: { 'retry-after': inFiveMinutes } });
    const a = await fetcher.poll({ id: 'a', url: server.url('/429') }, undefined);
    expect(a).toMatchObject({ kind: 'failed', error: { kind: 'http', status: 429, retryAfterMs: 120_000 } });
    expect(a.state.nextPollAt).toBe(clock.now() + 120_000);
    const b = await fetcher.poll({ id: 'b', url: server.url('/503') }, undefined);
    expect(b.kind === 'failed' && b.error.retryAfterMs).toBe(300_000);
    expect(b.state.nextPollAt).toBe(clock.now() + 300_000);
  });

  it('keeps a feed flipping between 200 and 500 usable: every 200 parses, every 500 is classified', async () => {
    fetcher = make();
    server.route('/flip', sequence([{ body: FEED }, { status: 500 }, { body: FEED.replace('one', 'uno') }, { status: 500 }]));
    const kinds: string[] = [];
    let state: FeedState | undefined;
    for (let i = 0; i < 4; i++) {
      const out = await fetcher.poll({ id: 'flip', url: server.url('/flip') }, state);
      kinds.push(out.kind === 'failed' ? `failed:${out.error.status}` : out.kind);
      state = out.state;
    }
    expect(kinds).toEqual(['fetched', 'failed:500', 'fetched', 'failed:500']);
  });
});
