import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import type { FeedFetcher, FetcherOptions } from '../../../src/feeds/types.js';
import { redirect, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { manualClock, tableLookup } from './fetch-helpers.js';

// 127.0.0.2 plays an allow-listed "public" host, 127.0.0.1 the internal service that must stay unreachable.
let publicServer: FeedServer;
let internal: FeedServer;
let fetcher: FeedFetcher;
const clock = manualClock();
const lookupCalls: string[] = [];
const names: Record<string, string[]> = {};
const make = (opts: Partial<FetcherOptions> = {}) =>
  createFetcher({ clock, allowHosts: ['127.0.0.2/32'], lookup: tableLookup(names, lookupCalls), ...opts });

// Every connection attempt undici makes goes through net.connect: record them, and make sure a test can never
// reach an address outside loopback even if the guard were broken.
const connects: string[] = [];
const realConnect = net.connect;
beforeAll(async () => {
  publicServer = await startFeedServer({ host: '127.0.0.2' });
  internal = await startFeedServer({ host: '127.0.0.1' });
  publicServer.route('/feed.xml', { file: 'rss2-wire.xml' });
  internal.route('/feed.xml', { file: 'rss2-wire.xml' });
  publicServer.route('/to-internal', redirect(internal.url('/feed.xml')));
  publicServer.route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/'));
  publicServer.route('/to-file', redirect('file:///etc/passwd'));
  Object.assign(names, {
    'wire.test': ['127.0.0.2'],
    'rebind.test': ['127.0.0.1'],
    'metadata.test': ['169.254.169.254'],
    'intranet.test': ['10.0.0.7'],
    'mixed.test': ['127.0.0.1', '127.0.0.2'],
    'wire.intranet': ['127.0.0.1'],
  });
  vi.spyOn(net, 'connect').mockImplementation(((...args: Parameters<typeof net.connect>) => {
    const opts = args[0] as unknown as { host?: string };
    const host = String(opts.host ?? '');
    connects.push(host);
    if (!/^127\./.test(host) && !(host in names)) throw new Error(`test tried to connect to ${host}`);
    return realConnect(...args);
  }) as typeof net.connect);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await publicServer.stop();
  await internal.stop();
});
afterEach(async () => {
  await fetcher?.close();
  connects.length = 0;
  lookupCalls.length = 0;
});

describe('fetcher SSRF protection', () => {
  it('fetches from the allow-listed host (and the connect spy sees it)', async () => {
    fetcher = make();
    const out = await fetcher.poll({ id: 'p', url: publicServer.url('/feed.xml') }, undefined);
    expect(out.kind).toBe('fetched');
    expect(connects).toContain('127.0.0.2');
  });

  it('refuses loopback by default, before connecting', async () => {
    fetcher = make();
    const before = internal.hits('/feed.xml');
    const out = await fetcher.poll({ id: 'i', url: internal.url('/feed.xml') }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(out.kind === 'failed' && out.error.message).toMatch(/loopback/);
    expect(connects).toEqual([]);
    expect(internal.hits('/feed.xml')).toBe(before);
  });

  it.each([
    ['decimal', (port: number) => `http://2130706433:${port}/feed.xml`],
    ['hex/short', (port: number) => `http://0x7f.1:${port}/feed.xml`],
    ['octal', (port: number) => `http://0177.0.0.1:${port}/feed.xml`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/feed.xml`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/feed.xml`],
    ['unspecified', (port: number) => `http://0.0.0.0:${port}/feed.xml`],
    ['link-local metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', () => 'http://10.0.0.1/feed'],
    ['CGNAT', () => 'http://100.64.0.1/feed'],
    ['unique-local', () => 'http://[fd00::1]/feed'],
    ['IPv6 link-local', () => 'http://[fe80::1]/feed'],
  ])('refuses the literal form %s before any connection', async (_name, build) => {
    fetcher = make();
    const before = internal.hits('/feed.xml');
    const url = build(internal.port);
    const out = await fetcher.poll({ id: 'lit', url }, undefined);
    expect(out).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    expect(connects).toEqual([]);
    expect(lookupCalls).toEqual([]);
    expect(internal.hits('/feed.xml')).toBe(before);
  });

  it('checks names on the resolved address: public name ok, names resolving inside refused', async () => {
    fetcher = make();
    const ok = await fetcher.poll({ id: 'n', url: `http://wire.test:${publicServer.port}/feed.xml` }, undefined);
    expect(ok.kind).toBe('fetched');
    expect(publicServer.requests('/feed.xml').at(-1)!.headers.host).toBe(`wire.test:${publicServer.port}`);
    const before = internal.hits('/feed.xml');
    for (const host of ['rebind.test', 'metadata.test', 'intranet.test']) {
      const out = await fetcher.poll({ id: 'n', url: `http://${host}:${internal.port}/feed.xml` }, undefined);
      expect(out, host).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    }
    expect(lookupCalls).toEqual(expect.arrayContaining(['rebind.test', 'metadata.test', 'intranet.test']));
    expect(internal.hits('/feed.xml')).toBe(before);
  });

  it('uses only the allowed answers of a name that resolves both inside and outside', async () => {
    fetcher = make();
    const before = internal.hits('/feed.xml');
    // Both servers listen on their own address with the same path; only 127.0.0.2 may answer.
    const port = publicServer.port;
    const out = await fetcher.poll({ id: 'm', url: `http://mixed.test:${port}/feed.xml` }, undefined);
    expect(out.kind).toBe('fetched');
    expect(internal.hits('/feed.xml')).toBe(before);
  });

  it('refuses redirects to internal addresses and to non-http schemes', async () => {
    fetcher = make();
    const before = internal.hits('/feed.xml');
    for (const path of ['/to-internal', '/to-metadata', '/to-file']) {
      const out = await fetcher.poll({ id: 'r', url: publicServer.url(path) }, undefined);
      expect(out, path).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    }
    expect(internal.hits('/feed.xml')).toBe(before);
    expect(connects.every((h) => h === '127.0.0.2')).toBe(true);
  });

  it('refuses non-http schemes outright', async () => {
    fetcher = make();
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.2/feed', 'gopher://127.0.0.2:70/']) {
      const out = await fetcher.poll({ id: 's', url }, undefined);
      expect(out, url).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
    }
    expect(connects).toEqual([]);
  });

  it('opens up for allow-listed names and for allowPrivateNetworks', async () => {
    fetcher = make({ allowHosts: ['wire.intranet'] });
    const named = await fetcher.poll({ id: 'a', url: `http://wire.intranet:${internal.port}/feed.xml` }, undefined);
    expect(named.kind).toBe('fetched');
    await fetcher.close();
    fetcher = make({ allowHosts: [], allowPrivateNetworks: true });
    const all = await fetcher.poll({ id: 'a', url: internal.url('/feed.xml') }, undefined);
    expect(all.kind).toBe('fetched');
  });

  it('ignores proxy environment variables (no proxy can bypass the checks)', async () => {
    const proxy = await startFeedServer({ host: '127.0.0.3' });
    proxy.route('/feed.xml', { file: 'rss2-wire.xml' });
    const saved = { ...process.env };
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
      process.env[name] = proxy.origin;
    }
    delete process.env['NO_PROXY'];
    delete process.env['no_proxy'];
    try {
      fetcher = make();
      const blocked = await fetcher.poll({ id: 'x', url: internal.url('/feed.xml') }, undefined);
      expect(blocked).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
      const direct = await fetcher.poll({ id: 'x', url: publicServer.url('/feed.xml') }, undefined);
      expect(direct.kind).toBe('fetched');
      expect(proxy.requests()).toEqual([]);
    } finally {
      process.env = saved;
      await proxy.stop();
    }
  });
});
