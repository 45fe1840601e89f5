// Platform credentials come only from the environment or <NAME>_FILE files; reasons never carry secrets.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlatformEnv } from '../../../src/app/registered-config.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-env-'));
function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, 0o600);
  return path;
}

describe('readPlatformEnv', () => {
  it('disables both platforms with clear reasons when nothing is set', () => {
    expect(readPlatformEnv({})).toEqual({
      env: { console: {} },
      missing: ['discord: DISCORD_TOKEN is not set', 'slack: SLACK_BOT_TOKEN is not set', 'webhook: WEBHOOK_SECRET is not set', 'discord-webhook: DISCORD_WEBHOOK_URL is not set'],
      secrets: [],
    });
  });

  it('reads Discord with defaults and overrides', () => {
    expect(readPlatformEnv({ DISCORD_TOKEN: ' tok-1 ' }).env.discord).toEqual({ token: 'tok-1', apiUrl: 'https://discord.com/api' });
    expect(
      readPlatformEnv({
        DISCORD_TOKEN: 'tok-1',
        DISCORD_APP_ID: '111',
        DISCORD_GUILD_ID: '222',
        DISCORD_API_URL: 'http://127.0.0.1:4000/api/',
      }).env.discord,
    ).toEqual({ token: 'tok-1', appId: '111', guildId: '222', apiUrl: 'http://127.0.0.1:4000/api' });
  });

  it('chooses Slack Socket Mode with an app token, HTTP mode with a signing secret', () => {
    const socket = readPlatformEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.env.slack).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      mode: 'socket',
      port: 3000,
      apiUrl: 'https://slack.com/api/',
    });
    const http = readPlatformEnv({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 'sign-1',
      SLACK_PORT: '3999',
      SLACK_API_URL: 'http://127.0.0.1:5000/api',
    });
    expect(http.env.slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 'sign-1',
      mode: 'http',
      port: 3999,
      apiUrl: 'http://127.0.0.1:5000/api/',
    });
    expect(http.missing).toEqual(['discord: DISCORD_TOKEN is not set', 'webhook: WEBHOOK_SECRET is not set', 'discord-webhook: DISCORD_WEBHOOK_URL is not set']);
  });

  it('reads every token from <NAME>_FILE, trimmed', () => {
    const env = readPlatformEnv({
      DISCORD_TOKEN_FILE: secretFile('discord', 'file-discord-token\n'),
      SLACK_BOT_TOKEN_FILE: secretFile('bot', '  xoxb-from-file \n'),
      SLACK_APP_TOKEN_FILE: secretFile('app', 'xapp-from-file'),
      SLACK_SIGNING_SECRET_FILE: secretFile('sign', 'sign-from-file\n'),
    });
    expect(env.env.discord).toMatchObject({ token: 'file-discord-token' });
    expect(env.env.slack).toMatchObject({ botToken: 'xoxb-from-file', appToken: 'xapp-from-file', signingSecret: 'sign-from-file', mode: 'socket' });
    expect(env.missing).toEqual(['webhook: WEBHOOK_SECRET is not set', 'discord-webhook: DISCORD_WEBHOOK_URL is not set']);
  });

  it.each([
    [{ DISCORD_TOKEN_FILE: join(dir, 'nope') }, `discord: cannot read DISCORD_TOKEN_FILE (${join(dir, 'nope')}): ENOENT`],
    [{ DISCORD_TOKEN_FILE: secretFile('empty', ' \n') }, `discord: DISCORD_TOKEN_FILE (${join(dir, 'empty')}) is empty`],
    [{ DISCORD_TOKEN: 'canary-a', DISCORD_TOKEN_FILE: secretFile('both', 'canary-b') }, 'discord: both DISCORD_TOKEN and DISCORD_TOKEN_FILE are set; use one'],
    [{ DISCORD_TOKEN: 'canary-a', DISCORD_APP_ID: 'abc' }, 'discord: DISCORD_APP_ID must be a numeric id'],
    [{ DISCORD_TOKEN: 'canary-a', DISCORD_API_URL: 'ftp://x' }, 'discord: DISCORD_API_URL must be an http(s) URL'],
  ])('disables Discord with a reason: %j', (env, reason) => {
    const result = readPlatformEnv(env);
    expect(result.env.discord).toBeUndefined();
    expect(result.missing).toContain(reason);
    expect(result.missing.join(' ')).not.toMatch(/canary/);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'canary-bot' }, 'slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'canary-bot', SLACK_SIGNING_SECRET: 'canary-s', SLACK_PORT: 'http' }, 'slack: SLACK_PORT must be a port number from 0 to 65535'],
    [{ SLACK_BOT_TOKEN: 'canary-bot', SLACK_SIGNING_SECRET: 'canary-s', SLACK_PORT: '70000' }, 'slack: SLACK_PORT must be a port number from 0 to 65535'],
    [{ SLACK_BOT_TOKEN: 'canary-bot', SLACK_APP_TOKEN_FILE: join(dir, 'missing-app') }, `slack: cannot read SLACK_APP_TOKEN_FILE (${join(dir, 'missing-app')}): ENOENT`],
  ])('disables Slack with a reason: %j', (env, reason) => {
    const result = readPlatformEnv(env);
    expect(result.env.slack).toBeUndefined();
    expect(result.missing).toContain(reason);
    expect(result.missing.join(' ')).not.toMatch(/canary/);
  });

  it('treats empty variables as unset', () => {
    expect(readPlatformEnv({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '  ' }).missing).toEqual([
      'discord: DISCORD_TOKEN is not set',
      'slack: SLACK_BOT_TOKEN is not set',
      'webhook: WEBHOOK_SECRET is not set', 'discord-webhook: DISCORD_WEBHOOK_URL is not set',
    ]);
  });

  it('reads files through an injected reader', () => {
    const reads: string[] = [];
    const env = readPlatformEnv({ DISCORD_TOKEN_FILE: '/run/secrets/discord' }, (path) => {
      reads.push(path);
      return 'injected-token\n';
    });
    expect(env.env.discord).toMatchObject({ token: 'injected-token' });
    expect(reads).toEqual(['/run/secrets/discord']);
  });
});
