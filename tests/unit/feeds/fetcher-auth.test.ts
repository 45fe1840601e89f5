import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import { redactUrl } from '../../../src/feeds/redact-url.js';
import type { FeedFetcher } from '../../../src/feeds/types.js';
import { redirect, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { manualClock } from './fetch-helpers.js';

const PASSWORD = 'pw-CANARY-51d2';
const TOKEN = 'tok-CANARY-8e0b';
const API_KEY = 'key-CANARY-c3a1';
let wire: FeedServer;
let other: FeedServer;
let fetcher: FeedFetcher;

beforeAll(async () => {
  wire = await startFeedServer({ host: '127.0.0.1' });
  other = await startFeedServer({ host: '127.0.0.4' });
  wire.route('/private.xml', { file: 'rss2-wire.xml' });
  wire.route('/denied.xml', { status: 401, body: 'who are you' });
  wire.route('/same-origin', redirect('/private.xml'));
  wire.route('/cross-origin', redirect(other.url('/landing.xml')));
  other.route('/landing.xml', { file: 'rss2-wire.xml' });
});
afterAll(async () => {
  await wire.stop();
  await other.stop();
});
afterEach(async () => {
  await fetcher?.close();
});
const make = () => createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.0/8'] });
const withCreds = (path: string) => wire.url(path).replace('http://', `http://desk%40news:${PASSWORD}@`);

describe('fetcher credentials', () => {
  it('sends URL userinfo as Basic auth, never in the request line', async () => {
    fetcher = make();
    const out = await fetcher.poll({ id: 'auth', url: withCreds('/private.xml') }, undefined);
    expect(out.kind).toBe('fetched');
    const req = wire.requests('/private.xml').at(-1)!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`desk@news:${PASSWORD}`).toString('base64')}`);
    expect(req.path).toBe('/private.xml');
  });

  it('sends feed headers, and a feed Authorization header wins over URL userinfo', async () => {
    fetcher = make();
    await fetcher.poll(
      { id: 'hdr', url: withCreds('/private.xml'), headers: { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': API_KEY } },
      undefined,
    );
    const req = wire.requests('/private.xml').at(-1)!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['x-api-key']).toBe(API_KEY);
  });

  it('keeps secret headers on same-origin redirects and drops them when a redirect leaves the origin', async () => {
    fetcher = make();
    const feed = { id: 'redir', url: withCreds('/same-origin'), headers: { 'X-Api-Key': API_KEY } };
    expect((await fetcher.poll(feed, undefined)).kind).toBe('fetched');
    expect(wire.requests('/private.xml').at(-1)!.headers['x-api-key']).toBe(API_KEY);
    expect(wire.requests('/private.xml').at(-1)!.headers.authorization).toMatch(/^Basic /);

    const cross = await fetcher.poll({ ...feed, url: withCreds('/cross-origin') }, undefined);
    expect(cross.kind).toBe('fetched');
    const landed = other.requests('/landing.xml').at(-1)!;
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-api-key']).toBeUndefined();
  });

  it('never puts credentials or secret headers into errors or feed state', async () => {
    fetcher = make();
    const url = `${withCreds('/denied.xml')}?apikey=${API_KEY}&page=2`;
    const out = await fetcher.poll({ id: 'deny', url, headers: { Authorization: `Bearer ${TOKEN}` } }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'http', status: 401 } });
    if (out.kind !== 'failed') return;
    expect(out.error.url).toBe(`${wire.url('/denied.xml')}?apikey=***&page=2`);
    const everything = [JSON.stringify(out), out.error.message, out.error.stack ?? '', String(out.error.cause ?? ''), out.state.lastError].join('\n');
    for (const secret of [PASSWORD, TOKEN, API_KEY]) expect(everything).not.toContain(secret);
  });

  it('redactUrl strips userinfo and secret-looking query values', () => {
    expect(redactUrl('https://u:p@host.test/a?token=t&x=1&Signature=s')).toBe('https://host.test/a?token=***&x=1&Signature=***');
    expect(redactUrl('not a url //user:pass@host')).toBe('not a url //host');
  });
});
