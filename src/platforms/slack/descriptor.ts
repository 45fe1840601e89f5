/** The Slack platform as the app registers it. Bolt loads only when SLACK_BOT_TOKEN (and a mode) is set. */
import { z } from 'zod';
import { definePlatform } from '../../core/platform-descriptor.js';
import type { SlackPermissions } from './create-permission-check.js';
import { readSlackEnv, type SlackEnv } from './read-slack-env.js';

export const slackPlatform = definePlatform<SlackEnv, SlackPermissions>({
  name: 'slack',
  channelId: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/, 'expected a Slack channel id like C0123456789 (not a #name)')
    .describe('a Slack C… id'),
  permissions: z
    .strictObject({
      users: z.array(z.string().min(1)).optional().describe('User ids (U…) who may manage subscriptions.'),
      userGroups: z.array(z.string().min(1)).optional().describe('User group ids (S…) whose members may manage subscriptions.'),
    })
    .prefault({})
    .describe('When neither list is set, anyone in the channel may manage its subscriptions.'),
  readEnv: readSlackEnv,
  commandHelp:
    'Commands: `/alerts subscribe <query> [feed:<id>]`, `/alerts unsubscribe <id>`, `/alerts snooze <id> <2h>`, `/alerts unsnooze <id>`, `/alerts me subscribe <query>` (by direct message), `/alerts me list`, `/alerts me unsubscribe <id>`, `/alerts list`, `/alerts preview <query>`, `/alerts help`.',
  async create({ env, permissions, log, clock }) {
    const { createSlackPlatform } = await import('./create-slack-platform.js');
    return createSlackPlatform({
      botToken: env.botToken, appToken: env.appToken, signingSecret: env.signingSecret,
      port: env.port, apiUrl: env.apiUrl, permissions, log, clock,
    });
  },
});
