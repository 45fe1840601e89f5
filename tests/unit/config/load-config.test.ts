// Valid configs: the issue's shape as written, defaults, conversions, ${NAME} substitution and secrets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveSubscriptionId } from '../../../src/config/check-references.js';
import { collectSecrets, ConfigError, loadConfigFile, parseConfigText, parseConfigValue, readPlatformEnv } from '../../../src/app/registered-config.js';

const ISSUE_EXAMPLE = `
store: sqlite://data/newsbot.sqlite     # memory:// | sqlite://PATH | redis://HOST:PORT (scale-out issue)
schedule: "*/2 * * * *"                  # node-cron, 5 or 6 fields; per-feed override
backfill: none                           # first poll of a feed: none (remember, don't alert) | all | 6h
feeds:
  - id: afp-world
    url: https://example.org/afp/world.xml
    name: AFP World                      # optional, shown in alerts
    schedule: "*/30 * * * * *"           # optional
    headers: { Authorization: "Bearer \${AFP_API_TOKEN}" }   # optional
channels:
  - id: desk-console
    platform: console                    # console | discord | slack
  - id: foreign-desk
    platform: discord
    channel: "123456789012345678"
subscriptions:
  - id: afghanistan                      # optional; a stable id derived from channel + query when absent
    channel: desk-console
    query: Taliban OR "Bagram air base"
    feeds: [afp-world]                   # optional; default all feeds
`;

describe('parseConfigText: valid configs', () => {
  it('accepts the issue example as written', () => {
    const cfg = parseConfigText(ISSUE_EXAMPLE, 'config/newsbot.yaml', { AFP_API_TOKEN: 'canary-afp-token' });
    expect(cfg.store).toBe('sqlite://data/newsbot.sqlite');
    expect(cfg.schedule).toBe('*/2 * * * *');
    expect(cfg.backfill).toBe('none');
    expect(cfg.feeds).toEqual([
      {
        id: 'afp-world',
        url: 'https://example.org/afp/world.xml',
        name: 'AFP World',
        schedule: '*/30 * * * * *',
        headers: { Authorization: 'Bearer canary-afp-token' },
      },
    ]);
    expect(cfg.channels).toEqual([
      { id: 'desk-console', platform: 'console' },
      { id: 'foreign-desk', platform: 'discord', channel: '123456789012345678' },
    ]);
    expect(cfg.subscriptions).toEqual([
      { id: 'afghanistan', channel: 'desk-console', query: 'Taliban OR "Bagram air base"', feeds: ['afp-world'] },
    ]);
    expect(cfg.file).toBe('config/newsbot.yaml');
    expect(cfg.secrets).toContain('canary-afp-token');
  });

  it('fills every default for an empty file', () => {
    for (const text of ['', '# only a comment\n', 'feeds: []\nchannels: []\nsubscriptions: []\n']) {
      const cfg = parseConfigText(text, 'f.yaml', {});
      const { file, secrets, ...rest } = cfg;
      expect(file).toBe('f.yaml');
      expect(secrets).toEqual([]);
      expect(rest).toEqual({
        store: 'sqlite://data/newsbot.sqlite',
        schedule: '*/2 * * * *',
        backfill: 'none',
        feeds: [],
        channels: [],
        subscriptions: [],
        fetch: {
          allowPrivateNetworks: false,
          allowHosts: [],
          timeout: 20_000,
          maxBytes: 10 * 1024 * 1024,
          userAgent: 'newsbot/0.1 (wire alert bot; +https://github.com/newsbot/newsbot)',
          concurrency: 16,
          perHostConcurrency: 4,
          maxRedirects: 5,
          itemCap: 5000,
        },
        http: { host: '0.0.0.0' },
        notices: {},
        seenTtl: 30 * 86_400_000,
        recentTtl: 7 * 86_400_000,
        failureThreshold: 10,
        log: { level: 'info' },
        lifecycle: { window: 21_600_000, threshold: 0.25, backgroundShare: 0.2 },
        delivery: { retryBase: 1000, retryMax: 300_000, shutdownTimeout: 10_000 },
        scaleOut: { keyPrefix: 'newsbot', leaseTtl: 30_000, claimTtl: 30_000 },
        permissions: { discord: { manage: 'manage-channels' }, slack: {} },
      });
    }
  });

  it.each([
    ['backfill: all', { backfill: 'all' }],
    ['backfill: 6h', { backfill: 6 * 3_600_000 }],
    ['backfill: 90m', { backfill: 90 * 60_000 }],
    ['backfill: 1500', { backfill: 1500 }],
    ['store: memory://', { store: 'memory://' }],
    ['store: redis://127.0.0.1:6379/2', { store: 'redis://127.0.0.1:6379/2' }],
    ['schedule: "*/10 * * * * *"', { schedule: '*/10 * * * * *' }],
    ['seenTtl: 2w', { seenTtl: 14 * 86_400_000 }],
    ['recentTtl: 36h', { recentTtl: 36 * 3_600_000 }],
    ['failureThreshold: 3', { failureThreshold: 3 }],
    ['log: { level: debug }', { log: { level: 'debug' } }],
    ['http: { port: 9464 }', { http: { port: 9464, host: '0.0.0.0' } }],
    ['http: { port: "${HEALTH_PORT}" }', { http: { port: 8081, host: '0.0.0.0' } }],
    ['delivery: { retryBase: 500ms, retryMax: 1m }', { delivery: { retryBase: 500, retryMax: 60_000, shutdownTimeout: 10_000 } }],
    ['scaleOut: { keyPrefix: desk, leaseTtl: 1m }', { scaleOut: { keyPrefix: 'desk', leaseTtl: 60_000, claimTtl: 30_000 } }],
    ['permissions: { discord: { manage: everyone } }', { permissions: { discord: { manage: 'everyone' }, slack: {} } }],
    [
      'permissions: { discord: { manage: ["111", "222"] }, slack: { users: [U1], userGroups: [S1] } }',
      { permissions: { discord: { manage: ['111', '222'] }, slack: { users: ['U1'], userGroups: ['S1'] } } },
    ],
  ])('%s', (yaml, expected) => {
    expect(parseConfigText(yaml, 'f.yaml', { HEALTH_PORT: '8081' })).toMatchObject(expected);
  });

  it('bounds the lifecycle keys with messages that say the bounds', () => {
    const base = 'feeds: [{ id: a, url: "https://x.org/a.xml" }]\n';
    expect(() => parseConfigText(`${base}lifecycle: { window: 5d }\n`, 'f.yaml', {})).toThrow('lifecycle.window: at most 3d');
    expect(() => parseConfigText(`${base}lifecycle: { threshold: 0 }\n`, 'f.yaml', {})).toThrow('lifecycle.threshold: expected a number greater than 0 and at most 1');
    expect(() => parseConfigText(`${base}lifecycle: { threshold: 1.5 }\n`, 'f.yaml', {})).toThrow('greater than 0 and at most 1');
    expect(() => parseConfigText(`${base}lifecycle: on\n`, 'f.yaml', {})).toThrow('lifecycle: expected a map with window, threshold and backgroundShare');
    expect(() => parseConfigText(`${base}lifecycle: { backgroundShare: 0 }\n`, 'f.yaml', {})).toThrow('lifecycle.backgroundShare: expected a number greater than 0 and at most 1');
    expect(parseConfigText(`${base}lifecycle: { backgroundShare: 1 }\n`, 'f.yaml', {})).toMatchObject({ lifecycle: { backgroundShare: 1 } });
    expect(parseConfigText(`${base}lifecycle: { window: 3d, threshold: 1 }\n`, 'f.yaml', {})).toMatchObject({ lifecycle: { window: 259_200_000, threshold: 1 } });
  });

  it('converts fetch durations, sizes and allow-lists', () => {
    const yaml = 'fetch:\n  allowPrivateNetworks: true\n  allowHosts: ["10.1.2.0/24", "wire.intranet", "::1", "fd00::/8", "wire.corp.example."]\n  timeout: 1.5s\n  maxBytes: 512KiB\n  userAgent: test-agent\n  concurrency: 2\n  perHostConcurrency: 1\n  itemCap: 100\n';
    expect(parseConfigText(yaml, 'f.yaml', {}).fetch).toEqual({
      allowPrivateNetworks: true,
      allowHosts: ['10.1.2.0/24', 'wire.intranet', '::1', 'fd00::/8', 'wire.corp.example.'],
      timeout: 1500,
      maxBytes: 524_288,
      userAgent: 'test-agent',
      concurrency: 2,
      perHostConcurrency: 1,
      maxRedirects: 5,
      itemCap: 100,
    });
  });

  it('keeps every digit of an unquoted Discord channel id and reads feed colours', () => {
    const yaml = 'feeds:\n  - id: a\n    url: https://x.org/a\n    color: "#c0392b"\n  - id: b\n    url: https://x.org/b\n    color: 255\nchannels:\n  - id: d\n    platform: discord\n    channel: 123456789012345678\n  - id: s\n    platform: slack\n    channel: C0123ABCD\n';
    const cfg = parseConfigText(yaml, 'f.yaml', {});
    expect(cfg.channels.map((c) => c.channel)).toEqual(['123456789012345678', 'C0123ABCD']);
    expect(cfg.feeds.map((f) => f.color)).toEqual([0xc0392b, 255]);
  });

  it('resolves anchors and merge keys', () => {
    const yaml = 'feeds:\n  - &wire\n    id: a\n    url: https://x.org/a\n    schedule: "*/30 * * * * *"\n    headers: { X-Desk: foreign }\n  - <<: *wire\n    id: b\n    url: https://x.org/b\n';
    const feeds = parseConfigText(yaml, 'f.yaml', {}).feeds;
    expect(feeds[1]).toEqual({ id: 'b', url: 'https://x.org/b', schedule: '*/30 * * * * *', headers: { 'X-Desk': 'foreign' } });
  });

  it('derives a stable subscription id from channel and query', () => {
    const yaml = 'channels:\n  - id: c\n    platform: console\n  - id: d\n    platform: console\nsubscriptions:\n  - channel: c\n    query: Taliban\n  - channel: d\n    query: Taliban\n  - channel: c\n    query: Kabul\n';
    const ids = parseConfigText(yaml, 'f.yaml', {}).subscriptions.map((s) => s.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toMatch(/^sub-[0-9a-f]{10}$/);
    expect(ids).toEqual(parseConfigText(yaml, 'other.yaml', {}).subscriptions.map((s) => s.id));
    expect(ids[0]).toBe(deriveSubscriptionId('c', 'Taliban'));
    expect(deriveSubscriptionId('c', ' Taliban   OR Kabul ')).toBe(deriveSubscriptionId('c', 'Taliban OR Kabul'));
  });
});

describe('${NAME} substitution', () => {
  const feed = (url: string, header = 'x') => `feeds:\n  - id: a\n    url: "${url}"\n    headers: { X-Trace: "${header}" }\n`;

  it('replaces references in any string value and records the values as secrets', () => {
    const cfg = parseConfigText(feed('https://${WIRE_HOST}/feed?key=${WIRE_KEY}', 'id-${TRACE}'), 'f.yaml', {
      WIRE_HOST: 'wire.example.org',
      WIRE_KEY: 'k-canary-123',
      TRACE: 'abcdef',
    });
    expect(cfg.feeds[0]!.url).toBe('https://wire.example.org/feed?key=k-canary-123');
    expect(cfg.feeds[0]!.headers).toEqual({ 'X-Trace': 'id-abcdef' });
    expect(cfg.secrets).toEqual(expect.arrayContaining(['k-canary-123', 'wire.example.org', 'abcdef', 'id-abcdef']));
  });

  it('uses ${NAME:-fallback} when unset or empty, and $${ for a literal ${', () => {
    const yaml = 'store: "${STORE:-memory://}"\nfetch:\n  userAgent: "bot $${not-a-var} ${UA:-plain}"\n';
    expect(parseConfigText(yaml, 'f.yaml', {}).store).toBe('memory://');
    expect(parseConfigText(yaml, 'f.yaml', { STORE: '' }).store).toBe('memory://');
    expect(parseConfigText(yaml, 'f.yaml', { STORE: 'sqlite://x.db' }).store).toBe('sqlite://x.db');
    expect(parseConfigText(yaml, 'f.yaml', {}).fetch.userAgent).toBe('bot ${not-a-var} plain');
  });

  it('names the key when a variable is missing or malformed', () => {
    expect(() => parseConfigText(feed('https://x.org/', 'Bearer ${AFP_API_TOKEN}'), 'f.yaml', {})).toThrow(
      'f.yaml:4 feeds[0].headers.X-Trace: environment variable AFP_API_TOKEN is not set',
    );
    expect(() => parseConfigText('store: "${1BAD}"\n', 'f.yaml', {})).toThrow(
      'f.yaml:1 store: "${1BAD}" is not a valid environment reference (use ${NAME} or ${NAME:-default})',
    );
  });

  it('never repeats a substituted value in an error message', () => {
    const error = (() => {
      try {
        parseConfigText('schedule: "${CRON}"\n', 'f.yaml', { CRON: 'canary-secret-value' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.message).toContain('f.yaml:1 schedule: invalid cron expression');
    expect(error.message).not.toContain('canary-secret-value');
    expect(error.message).toContain('[redacted]');
  });

  it('leaves keys and comments alone', () => {
    const cfg = parseConfigText('# ${NOT_SET}\nfeeds:\n  - id: a\n    url: https://x.org/\n    headers: { "${H}": v }\n', 'f.yaml', {});
    expect(cfg.feeds[0]!.headers).toEqual({ '${H}': 'v' });
  });
});

describe('collectSecrets', () => {
  it('gathers substituted values, header values, platform tokens and a Redis password', () => {
    const yaml = 'store: "redis://:${REDIS_PASSWORD}@127.0.0.1:6379/0"\nfeeds:\n  - id: a\n    url: https://x.org/\n    headers: { Authorization: "Bearer ${AFP_API_TOKEN}", X-Plain: plain-header }\n';
    const env = {
      REDIS_PASSWORD: 'redis-canary',
      AFP_API_TOKEN: 'afp-canary',
      DISCORD_TOKEN: 'discord-canary',
      SLACK_BOT_TOKEN: 'xoxb-canary',
      SLACK_APP_TOKEN: 'xapp-canary',
    };
    const secrets = collectSecrets(parseConfigText(yaml, 'f.yaml', env), readPlatformEnv(env));
    expect(secrets).toEqual(
      expect.arrayContaining(['redis-canary', 'afp-canary', 'Bearer afp-canary', 'plain-header', 'discord-canary', 'xoxb-canary', 'xapp-canary']),
    );
    expect(secrets).not.toContain('');
  });
});

describe('loadConfigFile and parseConfigValue', () => {
  it('reads a real file and reports a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'newsbot-config-'));
    const file = join(dir, 'newsbot.yaml');
    writeFileSync(file, 'store: memory://\nfeeds:\n  - id: a\n    url: https://x.org/a\n');
    const cfg = await loadConfigFile(file, {});
    expect(cfg.feeds.map((f) => f.id)).toEqual(['a']);
    expect(cfg.file).toBe(file);
    await expect(loadConfigFile(join(dir, 'missing.yaml'), {})).rejects.toThrow(`${join(dir, 'missing.yaml')} (file): file not found`);
    writeFileSync(file, 'store: memory://\nfeeds:\n  - id: a\n    url: file:///etc/passwd\n');
    await expect(loadConfigFile(file, {})).rejects.toThrow(`${file}:4 feeds[0].url: only http and https URLs are allowed (got file:)`);
  });

  it('validates a value built in code, without lines', () => {
    const cfg = parseConfigValue({ store: 'memory://', channels: [{ id: 'c', platform: 'console' }] });
    expect(cfg.channels).toEqual([{ id: 'c', platform: 'console' }]);
    expect(() => parseConfigValue({ feeds: [{ id: 'a', url: 'file:///x' }] }, { file: 'inline' })).toThrow(
      'inline feeds[0].url: only http and https URLs are allowed (got file:)',
    );
  });
});
