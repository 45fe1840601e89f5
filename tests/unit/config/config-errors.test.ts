// Every kind of invalid config is refused with `<file>:<line> <key path>: <detail>`, the text check-config,
// start-up and hot reload all print.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/app/registered-config.js';

const CONSOLE = 'channels:\n  - id: c\n    platform: console\n';
const FEED = 'feeds:\n  - id: a\n    url: https://wire.example/a.xml\n';

const cases: Array<[name: string, yaml: string, message: string]> = [
  ['file: URL', 'feeds:\n  - id: a\n    url: file:///etc/passwd\n', 'f.yaml:3 feeds[0].url: only http and https URLs are allowed (got file:)'],
  ['ftp URL', 'feeds:\n  - id: a\n    url: ftp://x.org/feed\n', 'f.yaml:3 feeds[0].url: only http and https URLs are allowed (got ftp:)'],
  ['gopher URL', 'feeds:\n  - id: a\n    url: gopher://x.org/\n', 'f.yaml:3 feeds[0].url: only http and https URLs are allowed (got gopher:)'],
  ['not a URL', 'feeds:\n  - id: a\n    url: not a url\n', 'f.yaml:3 feeds[0].url: Invalid URL'],
  ['feed without url', 'feeds:\n  - id: a\n    name: A\n', 'f.yaml:2 feeds[0].url: required'],
  ['duplicate feed id', `${FEED}  - id: a\n    url: https://x.org/b\n`, 'f.yaml:4 feeds[1].id: duplicate feed id "a" (also feeds[0])'],
  ['duplicate channel id', `${CONSOLE}  - id: c\n    platform: console\n`, 'f.yaml:4 channels[1].id: duplicate channel id "c" (also channels[0])'],
  [
    'duplicate subscription id',
    `${CONSOLE}subscriptions:\n  - id: s\n    channel: c\n    query: x\n  - id: s\n    channel: c\n    query: y\n`,
    'f.yaml:8 subscriptions[1].id: duplicate subscription id "s" (also subscriptions[0])',
  ],
  [
    'same channel and query twice without ids',
    `${CONSOLE}subscriptions:\n  - channel: c\n    query: Taliban\n  - channel: c\n    query: Taliban\n`,
    'f.yaml:7 subscriptions[1]: duplicate subscription: same channel and query as subscriptions[0]',
  ],
  ['unknown top-level key', 'store: memory://\nfeeds: []\nstorage: x\n', 'f.yaml:3 storage: unknown key'],
  ['unknown feed key', `${FEED}    colour: red\n`, 'f.yaml:4 feeds[0].colour: unknown key'],
  ['unknown fetch key', 'fetch:\n  timeout: 5s\n  retries: 3\n', 'f.yaml:3 fetch.retries: unknown key'],
  ['unsupported store', 'store: postgres://db/newsbot\n', 'f.yaml:1 store: expected memory://, sqlite://PATH or redis://HOST:PORT[/DB]'],
  ['sqlite without path', 'store: "sqlite://"\n', 'f.yaml:1 store: sqlite:// needs a file path, e.g. sqlite://data/newsbot.sqlite'],
  ['redis bad db', 'store: redis://127.0.0.1:6379/main\n', 'f.yaml:1 store: redis database must be a number (got "/main")'],
  ['cron with 3 fields', 'schedule: "* * *"\n', 'f.yaml:1 schedule: invalid cron expression "* * *": expected 5 or 6 fields but got 3'],
  ['cron out of range', `${FEED}    schedule: "61 * * * *"\n`, 'f.yaml:4 feeds[0].schedule: invalid cron expression "61 * * * *": 61 is a invalid expression for minute'],
  ['digest without every', `${CONSOLE}subscriptions:\n  - id: s\n    channel: c\n    query: x\n    deliver: digest\n`,
    'f.yaml:5 subscriptions[0].every: required with deliver: digest, e.g. every: 1h or "daily 08:00 Europe/Berlin"'],
  ['digest every too short', `${CONSOLE}subscriptions:\n  - id: s\n    channel: c\n    query: x\n    deliver: digest\n    every: 10s\n`,
    'f.yaml:9 subscriptions[0].every: "10s" is neither a duration of at least 1m nor "daily HH:MM [zone]"'],
  ['quiet hours bad zone', `${CONSOLE}    quietHours: { from: "22:00", to: "06:00", tz: Mars/Olympus }\n`,
    'f.yaml:4 channels[0].quietHours.tz: expected an IANA time zone such as Asia/Kabul or UTC'],
  ['quiet hours bad time', `${CONSOLE}    quietHours: { from: "25:00", to: "06:00" }\n`,
    'f.yaml:4 channels[0].quietHours.from: "25:00" is not a time of day (HH:MM, 00:00 to 23:59)'],
  ['burst window too long', `${CONSOLE}    burst: { max: 5, per: 2d }\n`, 'f.yaml:4 channels[0].burst.per: expected a window from 1s to 24h, e.g. 2m'],
  ['bad backfill', 'backfill: sometimes\n', 'f.yaml:1 backfill: expected none, all or a duration like 6h'],
  ['bad duration', 'fetch:\n  timeout: soon\n', 'f.yaml:2 fetch.timeout: expected a duration like 500ms, 10s, 5m, 6h, 30d or a number of milliseconds'],
  ['bad size', 'fetch:\n  maxBytes: huge\n', 'f.yaml:2 fetch.maxBytes: expected a size like 512KiB, 10MiB, 1GB or a number of bytes'],
  ['concurrency zero', 'fetch:\n  concurrency: 0\n', 'f.yaml:2 fetch.concurrency: expected an integer from 1 to 1024'],
  ['bad CIDR', 'fetch:\n  allowHosts: ["10.1.2.0/33"]\n', 'f.yaml:2 fetch.allowHosts[0]: "10.1.2.0/33" is not a CIDR, IP address or host name'],
  ['wildcard host', 'fetch:\n  allowHosts: ["*.corp.example"]\n', 'f.yaml:2 fetch.allowHosts[0]: "*.corp.example" is not a CIDR, IP address or host name'],
  ['discord channel missing', 'channels:\n  - id: d\n    platform: discord\n', 'f.yaml:2 channels[0].channel: required for platform discord'],
  ['slack channel as #name', 'channels:\n  - id: s\n    platform: slack\n    channel: "#news"\n', 'f.yaml:4 channels[0].channel: expected a Slack channel id like C0123456789 (not a #name)'],
  ['console with channel', 'channels:\n  - id: c\n    platform: console\n    channel: "1"\n', 'f.yaml:4 channels[0].channel: console channels take no channel id'],
  ['unknown platform', 'channels:\n  - id: i\n    platform: irc\n', 'f.yaml:3 channels[0].platform: expected console, discord, slack, webhook or discord-webhook'],
  ['subscription to unknown channel', `${CONSOLE}subscriptions:\n  - channel: nope\n    query: x\n`, 'f.yaml:5 subscriptions[0].channel: no channel with id "nope" in channels[]'],
  [
    'subscription to unknown feed',
    `${FEED}${CONSOLE}subscriptions:\n  - channel: c\n    query: x\n    feeds: [a, zz]\n`,
    'f.yaml:10 subscriptions[0].feeds[1]: no feed with id "zz" in feeds[]',
  ],
  ['subscription without query', `${CONSOLE}subscriptions:\n  - channel: c\n`, 'f.yaml:5 subscriptions[0].query: required'],
  ['empty query', `${CONSOLE}subscriptions:\n  - channel: c\n    query: "  "\n`, 'f.yaml:6 subscriptions[0].query: the query is empty'],
  ['notices to unknown channel', 'notices:\n  channel: ops\n', 'f.yaml:2 notices.channel: no channel with id "ops" in channels[]'],
  ['port out of range', 'http:\n  port: 70000\n', 'f.yaml:2 http.port: expected an integer from 0 to 65535'],
  ['bad discord permission', 'permissions:\n  discord:\n    manage: admins\n', 'f.yaml:3 permissions.discord.manage: expected manage-channels, everyone or a list of role ids'],
  ['non-string header', `${FEED}    headers: { X-Count: 5 }\n`, 'f.yaml:4 feeds[0].headers.X-Count: header values must be strings'],
  [
    'literal credential header',
    `${FEED}    headers:\n      Authorization: Bearer abc123\n`,
    'f.yaml:5 feeds[0].headers.Authorization: credentials come from the environment: write e.g. "Bearer ${A_TOKEN}" and set that variable',
  ],
  ['id with a space', 'feeds:\n  - id: "a b"\n    url: https://x.org/\n', 'f.yaml:2 feeds[0].id: ids are 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'],
  ['feeds not a list', 'feeds: {}\n', 'f.yaml:1 feeds: expected a list of feeds'],
  ['document is a list', '- a\n- b\n', 'f.yaml:1 (root): expected a mapping of config keys (store:, feeds:, …)'],
  ['retryMax below retryBase', 'delivery:\n  retryBase: 10m\n', 'f.yaml:1 delivery.retryMax: must not be shorter than delivery.retryBase'],
  ['YAML: duplicate key', 'store: memory://\nstore: memory://\n', 'f.yaml:2 store: Map keys must be unique'],
  ['YAML: tab indent', 'fetch:\n\ttimeout: 5s\n', 'f.yaml:2 (root): Tabs are not allowed as indentation'],
  ['YAML: unclosed flow list', 'feeds: [a, b\nchannels: []\n', 'f.yaml:2 feeds[1]: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['YAML: unknown alias', 'store: memory://\nschedule: *often\n', 'f.yaml:2 schedule: Unresolved alias (the anchor must be set before the alias): often'],
];

describe('config errors name file, line and key path', () => {
  it.each(cases)('%s', (_name, yaml, message) => {
    expect(() => parseConfigText(yaml, 'f.yaml', {})).toThrow(message);
    try {
      parseConfigText(yaml, 'f.yaml', {});
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(message);
    }
  });

  it('reports the issue example: config/newsbot.yaml:14 feeds[2].url: Invalid URL', () => {
    const yaml = [
      'store: memory://',
      'feeds:',
      '  - id: one',
      '    url: https://wire.example/one.xml',
      '    name: One',
      '  # a comment line',
      '  - id: two',
      '    url: https://wire.example/two.xml',
      '',
      '    name: Two',
      '  - id: three',
      '    name: Three',
      '    schedule: "*/5 * * * *"',
      '    url: "http://exa mple.org/feed"',
    ].join('\n');
    const error = catchConfigError(() => parseConfigText(yaml, 'config/newsbot.yaml', {}));
    expect(error.message).toBe('config/newsbot.yaml:14 feeds[2].url: Invalid URL');
    expect({ file: error.file, line: error.line, path: error.path, detail: error.detail }).toEqual({
      file: 'config/newsbot.yaml',
      line: 14,
      path: 'feeds[2].url',
      detail: 'Invalid URL',
    });
  });

  it('refuses an alias bomb ("billion laughs") before expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(() => parseConfigText(`${lines.join('\n')}\n`, 'f.yaml', {})).toThrow(
      'f.yaml (root): Excessive alias count indicates a resource exhaustion attack',
    );
  });

  it('names the first problem in file order and keeps the others', () => {
    const yaml = 'fetch:\n  timeout: soon\nstore: nowhere\nschedule: "* *"\n';
    const error = catchConfigError(() => parseConfigText(yaml, 'f.yaml', {}));
    expect(error.problems.map((p) => `${p.line} ${p.path}`)).toEqual(['2 fetch.timeout', '3 store', '4 schedule']);
    expect(error.message.startsWith('f.yaml:2 fetch.timeout:')).toBe(true);
  });

  it('rejects a query through the injected validator, at the query line', () => {
    const yaml = `${CONSOLE}subscriptions:\n  - channel: c\n    query: Taliban OR\n`;
    const validateQuery = (q: string) => (q.endsWith('OR') ? `expected a term after OR at column ${q.length - 1}` : null);
    expect(() => parseConfigText(yaml, 'f.yaml', {}, { validateQuery })).toThrow(
      'f.yaml:6 subscriptions[0].query: expected a term after OR at column 9',
    );
    expect(parseConfigText(yaml.replace('Taliban OR', 'Taliban'), 'f.yaml', {}, { validateQuery }).subscriptions[0]!.query).toBe('Taliban');
  });
});

function catchConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
