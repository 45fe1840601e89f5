/**
 * Logging never shows a secret: pino redaction by field name (tokens, authorization, feed headers, passwords),
 * and every configured secret value scrubbed from the finished line, wherever it hides (an error message, a
 * URL, a JSON-escaped string). The secrets come from a real config and platform environment.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/create-logger.js';
import { collectSecrets, parseConfigText, readPlatformEnv } from '../../../src/app/registered-config.js';

const ENV = {
  FEED_TOKEN: 'feed-canary-61c0',
  FEED_KEY: 'key-canary-"quoted"\\back',
  REDIS_PASSWORD: 'redis-canary-9e2',
  DISCORD_TOKEN: 'discord-canary-a17',
  SLACK_BOT_TOKEN: 'xoxb-canary-slack',
  SLACK_SIGNING_SECRET: 'signing-canary-3f',
};
const YAML = `
store: "redis://:\${REDIS_PASSWORD}@127.0.0.1:6379/0"
feeds:
  - id: wire
    url: "https://wire.example/feed?q=\${FEED_KEY}"
    headers: { Authorization: "Bearer \${FEED_TOKEN}", X-Desk: plain-literal-value }
channels: [{ id: desk, platform: console }]
`;

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

describe('log redaction', () => {
  it('drops secret fields by name and scrubs every secret value from each line', () => {
    const config = parseConfigText(YAML, 'newsbot.yaml', ENV);
    const secrets = collectSecrets(config, readPlatformEnv(ENV));
    const out = capture();
    const log = createLogger({ level: 'debug', secrets, destination: out.stream });
    const feed = config.feeds[0]!;
    log.info({ feed: { id: feed.id, url: feed.url, headers: feed.headers } }, 'polling');
    log.warn({ token: ENV.DISCORD_TOKEN, platform: { botToken: ENV.SLACK_BOT_TOKEN, signingSecret: ENV.SLACK_SIGNING_SECRET } }, 'login');
    log.error({ err: new Error(`connect failed for redis://:${ENV.REDIS_PASSWORD}@127.0.0.1`) }, 'store down');
    log.warn({ request: { authorization: `Bearer ${ENV.FEED_TOKEN}`, Authorization: 'Basic abc', cookie: 'c=1' } }, 'retry');
    log.debug(`raw message with ${ENV.DISCORD_TOKEN} and ${feed.url} and X-Desk plain-literal-value`);
    log.info({ body: JSON.stringify({ key: ENV.FEED_KEY }) }, 'nested JSON');

    const text = out.text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    for (const value of [...Object.values(ENV), 'plain-literal-value', 'Basic abc', 'c=1']) {
      expect(text, value).not.toContain(value);
      expect(text, value).not.toContain(JSON.stringify(value).slice(1, -1));
    }
    expect(lines[0]).toMatchObject({ feed: { headers: '[redacted]' } });
    expect(lines[1]).toMatchObject({ token: '[redacted]', platform: { botToken: '[redacted]', signingSecret: '[redacted]' } });
    expect(String((lines[2]!.err as { message: string }).message)).toBe('connect failed for redis://:[redacted]@127.0.0.1');
    expect(lines[3]).toMatchObject({ request: { authorization: '[redacted]', Authorization: '[redacted]', cookie: '[redacted]' } });
    expect(lines[4]!.msg).toContain('raw message with [redacted]');
  });

  it('keeps ordinary lines intact (short values such as "on" are not treated as secrets)', () => {
    const config = parseConfigText(YAML.replace('feeds:', 'log: { level: info }\nfeeds:'), 'newsbot.yaml', { ...ENV, SHORT: 'on' });
    const out = capture();
    const log = createLogger({ secrets: [...collectSecrets(config), 'on'], destination: out.stream });
    log.info({ feed: 'wire' }, 'polling wire once');
    expect(JSON.parse(out.text()).msg).toBe('polling wire once');
  });

  it('scrubs secrets added later (a reloaded config) from then on', () => {
    const out = capture();
    const log = createLogger({ secrets: [ENV.FEED_TOKEN], destination: out.stream });
    const late = collectSecrets(parseConfigText(YAML.replace('FEED_KEY', 'LATE_KEY'), 'newsbot.yaml', { ...ENV, LATE_KEY: 'late-canary-77' }));
    log.info('before: late-canary-77');
    log.addSecrets(late);
    log.info(`after: late-canary-77 ${ENV.FEED_TOKEN}`);
    const [before, after] = out.text().trim().split('\n').map((l) => JSON.parse(l).msg as string);
    expect(before).toBe('before: late-canary-77');
    expect(after).toBe('after: [redacted] [redacted]');
  });
});

describe('URLs shown in alerts and status', () => {
  it('hide userinfo, secret-named parameters and every value substituted from the environment', async () => {
    const { redactUrl } = await import('../../../src/feeds/redact-url.js');
    const secrets = ['late canary/7', 'path-canary-5'];
    expect(redactUrl('https://u:p@wire.example/path-canary-5/feed?q=late%20canary%2F7&token=t&x=1', secrets))
      .toBe('https://wire.example/***/feed?q=***&token=***&x=1');
    expect(redactUrl('https://wire.example/feed?q=late+canary%2F7', secrets)).toBe('https://wire.example/feed?q=***');
  });
});
