// Config path resolution, units, store URLs, the check-config summary and the reload diff.
import { describe, expect, it } from 'vitest';
import { diffConfig } from '../../../src/config/diff-config.js';
import { parseConfigText } from '../../../src/app/registered-config.js';
import { resolveConfigPath } from '../../../src/config/resolve-config-path.js';
import { parseStoreUrl } from '../../../src/config/store-url.js';
import { summarizeConfig } from '../../../src/config/summarize-config.js';
import { formatDuration, parseDuration, parseSize } from '../../../src/config/units.js';

describe('resolveConfigPath', () => {
  it.each([
    ['other.yaml', { NEWSBOT_CONFIG: 'env.yaml' }, 'other.yaml'],
    [undefined, { NEWSBOT_CONFIG: 'env.yaml' }, 'env.yaml'],
    [undefined, { NEWSBOT_CONFIG: '' }, 'config/newsbot.yaml'],
    [undefined, {}, 'config/newsbot.yaml'],
  ])('--config %s with %j → %s', (flag, env, expected) => {
    expect(resolveConfigPath(flag, env)).toBe(expected);
  });
});

describe('units', () => {
  it.each([
    ['500ms', 500], ['10s', 10_000], ['5m', 300_000], ['6h', 21_600_000], ['30d', 2_592_000_000], ['1w', 604_800_000],
    ['1.5s', 1500], [' 20 s ', 20_000], ['2500', 2500], [750, 750], ['6x', null], ['-1s', null], ['', null], [-5, null],
  ] as const)('parseDuration(%j) = %j', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([
    ['10MiB', 10_485_760], ['512KiB', 524_288], ['1GB', 1_000_000_000], ['2kb', 2000], ['100B', 100], ['4096', 4096],
    [1234, 1234], ['10 MiB', 10_485_760], ['ten MiB', null], ['5TB', null],
  ] as const)('parseSize(%j) = %j', (input, expected) => {
    expect(parseSize(input)).toBe(expected);
  });

  it.each([[90_000, '90s'], [3_600_000, '1h'], [1500, '1500ms'], [2_592_000_000, '30d'], [0, '0ms']])('formatDuration(%j) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('parseStoreUrl', () => {
  it.each([
    ['memory://', { kind: 'memory' }],
    ['sqlite://data/newsbot.sqlite', { kind: 'sqlite', path: 'data/newsbot.sqlite' }],
    ['sqlite:///var/lib/newsbot/db.sqlite', { kind: 'sqlite', path: '/var/lib/newsbot/db.sqlite' }],
    ['redis://127.0.0.1:6379', { kind: 'redis', url: 'redis://127.0.0.1:6379', host: '127.0.0.1', port: 6379, db: 0, tls: false }],
    ['redis://cache:6380/3', { kind: 'redis', url: 'redis://cache:6380/3', host: 'cache', port: 6380, db: 3, tls: false }],
    ['rediss://:pw@cache/1', { kind: 'redis', url: 'rediss://:pw@cache/1', host: 'cache', port: 6379, db: 1, tls: true }],
  ])('%s', (url, expected) => {
    expect(parseStoreUrl(url)).toEqual(expected);
  });

  it.each(['mysql://x', 'sqlite://', 'redis://host/db', 'redis://h:1/2?x=1', 'memory://x'])('rejects %s', (url) => {
    expect(() => parseStoreUrl(url)).toThrow();
  });
});

const BASE = `
store: memory://
feeds:
  - id: a
    url: https://x.org/a
  - id: b
    url: https://x.org/b
    schedule: "*/5 * * * *"
channels:
  - id: c
    platform: console
  - id: d
    platform: discord
    channel: "123"
subscriptions:
  - channel: c
    query: Taliban
`;

describe('summarizeConfig', () => {
  it('prints the one-line check-config summary', () => {
    expect(summarizeConfig(parseConfigText(BASE, 'config/newsbot.yaml', {}))).toBe(
      'config/newsbot.yaml OK: 2 feeds, 2 channels (console, discord), 1 subscription, store memory://',
    );
    expect(summarizeConfig(parseConfigText('', 'empty.yaml', {}))).toBe(
      'empty.yaml OK: 0 feeds, 0 channels, 0 subscriptions, store sqlite://data/newsbot.sqlite',
    );
  });

  it('never prints a Redis password', () => {
    const cfg = parseConfigText('store: "redis://:${REDIS_PASSWORD}@127.0.0.1:6379/0"\n', 'f.yaml', { REDIS_PASSWORD: 'canary-pass' });
    expect(summarizeConfig(cfg)).toBe('f.yaml OK: 0 feeds, 0 channels, 0 subscriptions, store redis://***@127.0.0.1:6379/0');
  });
});

describe('diffConfig', () => {
  const prev = parseConfigText(BASE, 'f.yaml', {});
  const edit = (from: string, to: string) => parseConfigText(BASE.replace(from, to), 'f.yaml', {});

  it('finds nothing between equal configs, even with keys reordered', () => {
    const reordered = parseConfigText(BASE.replace('  - id: a\n    url: https://x.org/a', '  - url: https://x.org/a\n    id: a'), 'f.yaml', {});
    const diff = diffConfig(prev, reordered);
    expect(diff.changed).toBe(false);
    expect(diff).toMatchObject({ feedsAdded: [], feedsRemoved: [], feedsChanged: [], restartRequired: [] });
  });

  it('reports added, removed and changed feeds', () => {
    const next = edit('  - id: a\n    url: https://x.org/a\n', '  - id: a\n    url: https://x.org/a2\n  - id: e\n    url: https://x.org/e\n');
    const diff = diffConfig(prev, next);
    expect(diff.feedsAdded.map((f) => f.id)).toEqual(['e']);
    expect(diff.feedsChanged.map((f) => f.url)).toEqual(['https://x.org/a2']);
    expect(diffConfig(next, prev).feedsRemoved).toEqual(['e']);
    expect(diff.changed).toBe(true);
  });

  it('treats a new top-level schedule as a change of the feeds that follow it', () => {
    const diff = diffConfig(prev, parseConfigText(`schedule: "*/7 * * * *"\n${BASE}`, 'f.yaml', {}));
    expect(diff.feedsChanged.map((f) => f.id)).toEqual(['a']);
  });

  it('flags subscriptions, channels, fetch, tuning and restart-only keys', () => {
    expect(diffConfig(prev, edit('query: Taliban', 'query: Kabul')).subscriptionsChanged).toBe(true);
    expect(diffConfig(prev, edit('channel: "123"', 'channel: "456"')).channelsChanged).toBe(true);
    expect(diffConfig(prev, edit('store: memory://', 'store: memory://\nfetch: { timeout: 5s }')).fetchChanged).toBe(true);
    expect(diffConfig(prev, edit('store: memory://', 'store: memory://\nfailureThreshold: 3')).tuningChanged).toBe(true);
    expect(diffConfig(prev, edit('store: memory://', 'store: memory://\nlog: { level: debug }')).logLevelChanged).toBe(true);
    expect(diffConfig(prev, edit('store: memory://', 'store: sqlite://x.db\nhttp: { port: 9000 }')).restartRequired).toEqual(['store', 'http']);
    const untouched = diffConfig(prev, edit('query: Taliban', 'query: Kabul'));
    expect(untouched).toMatchObject({ channelsChanged: false, fetchChanged: false, feedsChanged: [], restartRequired: [] });
  });
});
