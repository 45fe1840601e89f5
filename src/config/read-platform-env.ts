/**
 * The only reader of the platform environment variables. Each secret may instead come from `<NAME>_FILE`
 * (Docker/Kubernetes secrets): the file's content, trimmed. Reasons never include secret values.
 */
import { readFileSync } from 'node:fs';

export interface DiscordEnv {
  token: string;
  appId?: string;
  guildId?: string;
  /** REST base, default https://discord.com/api */
  apiUrl: string;
}

export interface SlackEnv {
  botToken: string;
  /** Socket Mode when set (xapp-…). */
  appToken?: string;
  /** HTTP mode (no app token): requests to /slack/events are verified with it. */
  signingSecret?: string;
  mode: 'socket' | 'http';
  /** HTTP mode listen port, default 3000. */
  port: number;
  /** Web API base, default https://slack.com/api/ */
  apiUrl: string;
}

export interface PlatformEnv {
  discord: DiscordEnv | null;
  slack: SlackEnv | null;
  /** Why a platform is disabled, e.g. "discord: DISCORD_TOKEN is not set". */
  missing: string[];
}

export type Env = Record<string, string | undefined>;
export type ReadSecretFile = (path: string) => string;

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_SLACK_PORT = 3000;

/** A variable that is set but unusable; the message names it and never holds its value. */
export class EnvProblem extends Error {}

export function readPlatformEnv(env: Env, readSecretFile: ReadSecretFile = (path) => readFileSync(path, 'utf8')): PlatformEnv {
  const missing: string[] = [];
  const attempt = <T>(platform: string, read: () => T | null): T | null => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof EnvProblem)) throw error;
      missing.push(`${platform}: ${error.message}`);
      return null;
    }
  };
  const secret = (name: string) => readSecret(env, name, readSecretFile);
  const discord = attempt('discord', () => readDiscord(env, secret));
  const slack = attempt('slack', () => readSlack(env, secret));
  return { discord, slack, missing };
}

function readDiscord(env: Env, secret: (name: string) => string | undefined): DiscordEnv | null {
  const token = secret('DISCORD_TOKEN');
  if (token === undefined) throw new EnvProblem('DISCORD_TOKEN is not set');
  const appId = snowflake(env, 'DISCORD_APP_ID');
  const guildId = snowflake(env, 'DISCORD_GUILD_ID');
  return {
    token,
    ...(appId !== undefined && { appId }),
    ...(guildId !== undefined && { guildId }),
    // discord.js appends `/v10/...` itself: a trailing slash would double it.
    apiUrl: (httpUrl(env, 'DISCORD_API_URL') ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ''),
  };
}

function readSlack(env: Env, secret: (name: string) => string | undefined): SlackEnv | null {
  const botToken = secret('SLACK_BOT_TOKEN');
  if (botToken === undefined) throw new EnvProblem('SLACK_BOT_TOKEN is not set');
  const appToken = secret('SLACK_APP_TOKEN');
  const signingSecret = secret('SLACK_SIGNING_SECRET');
  if (appToken === undefined && signingSecret === undefined) {
    throw new EnvProblem('set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside SLACK_BOT_TOKEN');
  }
  const portText = value(env, 'SLACK_PORT');
  if (portText !== undefined && !(/^\d{1,5}$/.test(portText) && Number(portText) <= 65535)) {
    throw new EnvProblem('SLACK_PORT must be a port number from 0 to 65535');
  }
  let apiUrl = httpUrl(env, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL;
  // The Slack clients join method names onto the base: without the slash, `…/apichat.postMessage` is called.
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  return {
    botToken,
    ...(appToken !== undefined && { appToken }),
    ...(signingSecret !== undefined && { signingSecret }),
    mode: appToken !== undefined ? 'socket' : 'http',
    port: portText === undefined ? DEFAULT_SLACK_PORT : Number(portText),
    apiUrl,
  };
}

/** Unset and empty are the same: an empty token is never meant. */
function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

export function readSecret(env: Env, name: string, readSecretFile: ReadSecretFile): string | undefined {
  const direct = value(env, name);
  const file = value(env, `${name}_FILE`);
  if (direct !== undefined && file !== undefined) throw new EnvProblem(`both ${name} and ${name}_FILE are set; use one`);
  if (file === undefined) return direct;
  let content: string;
  try {
    content = readSecretFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EnvProblem(`cannot read ${name}_FILE (${file}): ${code}`);
  }
  const trimmed = content.trim();
  if (trimmed === '') throw new EnvProblem(`${name}_FILE (${file}) is empty`);
  return trimmed;
}

function snowflake(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw !== undefined && !/^\d+$/.test(raw)) throw new EnvProblem(`${name} must be a numeric id`);
  return raw;
}

function httpUrl(env: Env, name: string): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // reported below
  }
  throw new EnvProblem(`${name} must be an http(s) URL`);
}
