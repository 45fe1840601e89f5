/**
 * SSRF through the whole app (built CLI, `run --once`): the config, not the test, decides what may be fetched.
 * 127.0.0.2 plays the allow-listed "public" wire, 127.0.0.1 the internal service. A proxy on 127.0.0.3 is set
 * in every proxy variable and must see nothing.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirect, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { buildOnce, makeTempDir, parseAlertLines, runCli, writeConfig } from '../helpers/run-cli.js';
import { rssFeed, rssItem } from './security-fixture.js';

let wire: FeedServer;
let internal: FeedServer;
let proxy: FeedServer;
const FEED = rssFeed('Wire', [rssItem('t-1', 'Taliban take district', 'Fighters advanced.')]);

beforeAll(async () => {
  buildOnce();
  wire = await startFeedServer({ host: '127.0.0.2' });
  internal = await startFeedServer({ host: '127.0.0.1' });
  proxy = await startFeedServer({ host: '127.0.0.3' });
  wire.route('/feed.xml', { body: FEED });
  wire.route('/to-internal', redirect(internal.url('/feed.xml')));
  internal.route('/feed.xml', { body: FEED });
  proxy.route('/feed.xml', { body: FEED });
}, 180_000);

afterAll(async () => {
  await wire?.stop();
  await internal?.stop();
  await proxy?.stop();
});

const proxyEnv = (): Record<string, string> => Object.fromEntries(
  ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'].map((n) => [n, proxy.origin]));

describe('SSRF through the whole app', () => {
  it('fetches exactly what fetch.allowHosts names; loopback, literal forms, localhost and redirects inside are refused', async () => {
    const dir = makeTempDir('newsbot-ssrf-');
    const p = internal.port;
    const feeds: Record<string, string> = {
      public: wire.url('/feed.xml'),
      internal: internal.url('/feed.xml'),
      decimal: `http://2130706433:${p}/feed.xml`,
      short: `http://0x7f.1:${p}/feed.xml`,
      mapped: `http://[::ffff:127.0.0.1]:${p}/feed.xml`,
      localhost: `http://localhost:${p}/feed.xml`,
      redirected: wire.url('/to-internal'),
    };
    const config = writeConfig(dir, `
store: sqlite://${join(dir, 'store.sqlite')}
backfill: all
fetch: { allowHosts: ["127.0.0.2"], timeout: 5s }
feeds:
${Object.entries(feeds).map(([id, url]) => `  - { id: ${id}, url: "${url}" }`).join('\n')}
channels: [{ id: desk, platform: console }]
subscriptions: [{ id: t, channel: desk, query: Taliban }]
`);
    const run = await runCli(['run', '--once', '--config', config], { env: proxyEnv() });
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(parseAlertLines(run.stdout).map((a) => a.feed)).toEqual(['public']);
    const kinds = Object.fromEntries(run.stderr.split('\n').filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { feed?: string; kind?: string }).filter((l) => l.feed && l.kind).map((l) => [l.feed, l.kind]));
    expect(kinds).toEqual({ internal: 'blocked', decimal: 'blocked', short: 'blocked', mapped: 'blocked', localhost: 'blocked', redirected: 'blocked' });
    expect(internal.requests()).toEqual([]);
    expect(proxy.requests()).toEqual([]);
    expect(wire.hits('/feed.xml')).toBe(1);
    expect(wire.hits('/to-internal')).toBe(1);
  });

  it('without fetch keys even the "public" loopback wire is refused; check-config rejects file: feed URLs', async () => {
    const dir = makeTempDir('newsbot-ssrf-');
    const config = writeConfig(dir, `
store: memory://
backfill: all
feeds: [{ id: public, url: "${wire.url('/feed.xml')}" }]
channels: [{ id: desk, platform: console }]
subscriptions: [{ id: t, channel: desk, query: Taliban }]
`);
    const before = wire.hits('/feed.xml');
    const run = await runCli(['run', '--once', '--config', config], { env: proxyEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/"kind":"blocked"/);
    expect(wire.hits('/feed.xml')).toBe(before);

    const bad = writeConfig(dir, `
feeds:
  - id: passwd
    url: file:///etc/passwd
channels: [{ id: desk, platform: console }]
`, 'bad.yaml');
    const check = await runCli(['check-config', '--config', bad]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${bad}:4 feeds[0].url: only http and https URLs are allowed (got file:)`);
    expect(check.stdout + check.stderr).not.toMatch(/root:/);
    expect(proxy.requests()).toEqual([]);
  });
});
