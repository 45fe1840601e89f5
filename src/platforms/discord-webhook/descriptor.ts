/**
 * `platform: discord-webhook`: Discord without a bot, through one incoming webhook whose URL comes from
 * DISCORD_WEBHOOK_URL (or DISCORD_WEBHOOK_URL_FILE). The URL holds the webhook's token, so it is read as a
 * secret and redacted from logs. Channels take no channel id: the webhook decides where messages land.
 */
import { definePlatform, EnvProblem, type EnvReader } from '../../core/platform-descriptor.js';
import { requireSecret } from '../shared/read-env-values.js';

export interface DiscordWebhookEnv {
  url: string;
}

export const discordWebhookPlatform = definePlatform<DiscordWebhookEnv>({
  name: 'discord-webhook',
  readEnv: (env: EnvReader) => ({ url: readWebhookUrl(requireSecret(env, 'DISCORD_WEBHOOK_URL')) }),
  async create({ env, feeds, clock, log }) {
    const { createDiscordWebhookPlatform } = await import('./create-discord-webhook-platform.js');
    const colors = Object.fromEntries(feeds.flatMap((feed) => (feed.color === undefined ? [] : [[feed.id, feed.color]])));
    return createDiscordWebhookPlatform({ url: env.url, colors, clock, log });
  },
});

function readWebhookUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below, without the value
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !/\/webhooks\/\d+\/[^/]+\/?$/.test(url.pathname)) {
    throw new EnvProblem('DISCORD_WEBHOOK_URL must be a Discord webhook URL like https://discord.com/api/webhooks/<id>/<token>');
  }
  return url.href;
}
