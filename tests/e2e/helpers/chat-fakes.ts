/**
 * The fake Discord and fake Slack together, each with one channel, and the environment that points the built
 * CLI at both: what the e2e tests that post to both platforms start with.
 */
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/fake-slack.js';

export interface ChatFakeIds {
  discordToken: string;
  guild: string;
  /** The Discord channel (snowflake) the fake's guild has. */
  discordChannel: string;
  slackBot: string;
  slackApp: string;
  /** The Slack channel (C…) the bot is a member of. */
  slackChannel: string;
}

export interface ChatFakes {
  discord: FakeDiscordServer;
  slack: FakeSlack;
  /** DISCORD_* and SLACK_* for the bot process. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startChatFakes(ids: ChatFakeIds): Promise<ChatFakes> {
  const discord = await FakeDiscordServer.start({
    token: ids.discordToken, guilds: [{ id: ids.guild, name: 'Newsroom', channels: [{ id: ids.discordChannel, name: 'desk' }] }],
  });
  const slack = await startFakeSlack({ botToken: ids.slackBot, appToken: ids.slackApp });
  slack.addChannel(ids.slackChannel, { name: 'desk' });
  return {
    discord, slack,
    env: {
      DISCORD_TOKEN: ids.discordToken, DISCORD_GUILD_ID: ids.guild, DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: ids.slackBot, SLACK_APP_TOKEN: ids.slackApp, SLACK_API_URL: slack.apiUrl,
    },
    async close() {
      await discord.close();
      await slack.close();
    },
  };
}
