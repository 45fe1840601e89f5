/** The Discord platform's environment: DISCORD_TOKEN (or DISCORD_TOKEN_FILE), DISCORD_APP_ID, DISCORD_GUILD_ID, DISCORD_API_URL. */
import { EnvProblem, type EnvReader } from '../../core/platform-descriptor.js';
import { readHttpUrl, requireSecret } from '../shared/read-env-values.js';

export interface DiscordEnv {
  token: string;
  appId?: string;
  guildId?: string;
  /** REST base, default https://discord.com/api */
  apiUrl: string;
}

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

export function readDiscordEnv(env: EnvReader): DiscordEnv {
  const token = requireSecret(env, 'DISCORD_TOKEN');
  const appId = readSnowflake(env, 'DISCORD_APP_ID');
  const guildId = readSnowflake(env, 'DISCORD_GUILD_ID');
  return {
    token,
    ...(appId !== undefined && { appId }),
    ...(guildId !== undefined && { guildId }),
    // discord.js appends `/v10/...` itself: a trailing slash would double it.
    apiUrl: (readHttpUrl(env, 'DISCORD_API_URL') ?? DEFAULT_DISCORD_API_URL).replace(/\/+$/, ''),
  };
}

function readSnowflake(env: EnvReader, name: string): string | undefined {
  const raw = env.value(name);
  if (raw !== undefined && !/^\d+$/.test(raw)) throw new EnvProblem(`${name} must be a numeric id`);
  return raw;
}
