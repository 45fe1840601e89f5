/** The Discord platform as the app registers it. discord.js loads only when DISCORD_TOKEN is set. */
import { z } from 'zod';
import { definePlatform } from '../../core/platform-descriptor.js';
import type { ManagePolicy } from './decide-may-manage.js';
import { readDiscordEnv, type DiscordEnv } from './read-discord-env.js';

export interface DiscordPermissions {
  manage: ManagePolicy;
}

export const discordPlatform = definePlatform<DiscordEnv, DiscordPermissions>({
  name: 'discord',
  channelId: z
    .string()
    .regex(/^\d{1,25}$/, 'expected a Discord channel id (digits), e.g. "123456789012345678"')
    .describe('a Discord snowflake'),
  permissions: z
    .strictObject({
      manage: z
        .union([z.enum(['manage-channels', 'everyone']), z.array(z.string().regex(/^\d+$/, 'expected a role id (digits)')).min(1)], {
          error: 'expected manage-channels, everyone or a list of role ids',
        })
        .default('manage-channels')
        .describe('Who may subscribe/unsubscribe: manage-channels, everyone, or a list of role ids.'),
    })
    .prefault({}),
  readEnv: readDiscordEnv,
  commandHelp:
    'Commands: `/alerts subscribe query:<query> [feed:<id>]`, `/alerts unsubscribe id:<id>`, `/alerts snooze id:<id> duration:<2h>`, `/alerts unsnooze id:<id>`, `/alerts me subscribe query:<query>` (by direct message), `/alerts me list`, `/alerts me unsubscribe id:<id>`, `/alerts list`, `/alerts preview query:<query>`, `/alerts help`.',
  async create({ env, permissions, feeds, log, clock, scaleOut }) {
    const { createDiscordPlatform } = await import('./create-discord-platform.js');
    return createDiscordPlatform({
      token: env.token, appId: env.appId, guildId: env.guildId, apiUrl: env.apiUrl, permissions, log, clock,
      gatewayLease: { leases: scaleOut.leases, owner: scaleOut.owner, ttlMs: scaleOut.leaseTtlMs },
      colors: Object.fromEntries(feeds.flatMap((feed) => (feed.color === undefined ? [] : [[feed.id, feed.color]]))),
    });
  },
});
