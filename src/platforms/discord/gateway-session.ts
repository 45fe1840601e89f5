/**
 * One gateway session: a discord.js client that logs in, waits for READY, registers /alerts and answers
 * interactions. A session is used once: losing the leader lease destroys it, and a later term opens a new one
 * (a destroyed discord.js client clears its token and sweepers, so it is not reused).
 */
import { Client, Events, GatewayIntentBits, Routes, type RESTOptions } from 'discord.js';
import type { CommandService, Logger } from '../../core/ports.js';
import { ALERTS_COMMAND } from './alerts-command.js';
import type { ManagePolicy } from './decide-may-manage.js';
import { handleInteraction } from './handle-interaction.js';

export class DiscordStartError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'DiscordStartError';
  }
}

export interface GatewaySessionOptions {
  token: string;
  appId?: string;
  guildId?: string;
  rest: Partial<RESTOptions>;
  policy: ManagePolicy;
  log: Logger;
  readyTimeoutMs: number;
}

export interface GatewaySession {
  close(): Promise<void>;
}

/** Connects and resolves once READY; throws DiscordStartError (the client already destroyed) when it cannot. */
export async function openGatewaySession(opts: GatewaySessionOptions, commands: CommandService): Promise<GatewaySession> {
  const { log } = opts;
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: opts.rest });
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord: client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord: client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'discord: gateway disconnected'));
  client.on(Events.InteractionCreate, (interaction) => {
    void handleInteraction(interaction, { commands, policy: opts.policy, log });
  });
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new DiscordStartError('discord: gateway not ready in time')), opts.readyTimeoutMs);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(opts.token);
    await ready;
  } catch (error) {
    clearTimeout(timer);
    await client.destroy().catch(() => undefined);
    throw error instanceof DiscordStartError ? error : new DiscordStartError(`discord: login failed: ${(error as Error).message}`, error);
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord: connected');
  try {
    await registerCommands(client, opts);
  } catch (error) {
    // Alerts still flow without the command; say loudly why staff cannot type /alerts.
    log.error({ err: error }, 'discord: could not register /alerts; slash commands unavailable');
  }
  return {
    async close() {
      await client.destroy();
    },
  };
}

async function registerCommands(client: Client, opts: GatewaySessionOptions): Promise<void> {
  const appId = opts.appId ?? client.application?.id;
  if (!appId) throw new DiscordStartError('discord: no application id (set DISCORD_APP_ID)');
  const route = opts.guildId ? Routes.applicationGuildCommands(appId, opts.guildId) : Routes.applicationCommands(appId);
  await client.rest.put(route, { body: [ALERTS_COMMAND] });
  opts.log.info({ appId, guildId: opts.guildId ?? null }, `discord: /alerts registered ${opts.guildId ? 'for one guild' : 'globally'}`);
}
