/**
 * The Discord platform: a discord.js gateway client for slash commands and REST for alerts.
 *
 * Rate limits, deliberately: @discordjs/rest normally queues every request and waits out any 429 itself, for
 * as long as Discord says. A delivery stuck in that queue holds the delivery loop and hides the limit from the
 * outbox. We let it wait only short limits (≤ maxRateLimitWaitMs) on the message route; a longer one rejects
 * with RateLimitError (`rejectOnRateLimit`), which deliver() reports as `{ retry: true, retryAfterMs }` so the
 * outbox reschedules the alert and other channels keep flowing. 5xx and network errors are not retried inside
 * REST (`retries: 0`): the outbox retries with backoff, and the enforced nonce makes a repeat send harmless.
 */
import { createHash } from 'node:crypto';
import { Client, Events, GatewayIntentBits, Routes, type RateLimitData } from 'discord.js';
import type { Clock, CommandService, DeliveryAttempt, DeliveryResult, Logger, Platform } from '../../core/ports.js';
import { ALERTS_COMMAND } from './alerts-command.js';
import { buildAlertMessage } from './build-alert-message.js';
import { classifyDeliveryError } from './classify-delivery-error.js';
import type { ManagePolicy } from './decide-may-manage.js';
import { handleInteraction } from './handle-interaction.js';

export interface DiscordPlatformOptions {
  token: string;
  appId?: string;
  guildId?: string;
  /** REST base without the version, default https://discord.com/api. */
  apiUrl?: string;
  permissions: { manage: ManagePolicy };
  log: Logger;
  clock: Clock;
  /** Embed colour per feed id (0xRRGGBB or "#rrggbb"); other feeds get a stable palette colour. */
  colors?: Record<string, number | string>;
  /** Per-request timeout of every REST call (default 10 s). */
  restTimeoutMs?: number;
  /** Longest rate-limit wait REST may sit out inside one deliver() (default 2 s). */
  maxRateLimitWaitMs?: number;
  /** How long start() waits for the gateway to be ready (default 30 s). */
  readyTimeoutMs?: number;
}

const MESSAGE_ROUTE = /^\/channels\/[^/]+\/messages$/;

/** Discord refuses nonces over 25 characters; a longer one is hashed (still stable per outbox entry). */
export function fitNonce(nonce: string): string {
  return nonce.length <= 25 ? nonce : createHash('sha256').update(nonce).digest('base64url').slice(0, 25);
}

function parseColor(value: number | string | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^#?[0-9a-f]{6}$/i.test(value)) return Number.parseInt(value.replace('#', ''), 16);
  return undefined;
}

export class DiscordStartError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'DiscordStartError';
  }
}

export function createDiscordPlatform(opts: DiscordPlatformOptions): Platform {
  const maxWait = opts.maxRateLimitWaitMs ?? 2000;
  const log = opts.log;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: {
      api: opts.apiUrl ?? 'https://discord.com/api',
      timeout: opts.restTimeoutMs ?? 10_000,
      retries: 0,
      rejectOnRateLimit: (data: RateLimitData) => MESSAGE_ROUTE.test(data.route) && Math.max(data.retryAfter, data.timeToReset) > maxWait,
    },
  });
  // Delivery works without the gateway (REST only), e.g. while start() is still connecting.
  client.rest.setToken(opts.token);
  client.rest.on('rateLimited', (info) => log.debug({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord: rate limited'));
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord: client error'));
  client.on(Events.Warn, (message) => log.warn({ detail: message }, 'discord: client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'discord: gateway disconnected'));

  let started = false;

  async function registerCommands(): Promise<void> {
    const appId = opts.appId ?? client.application?.id;
    if (!appId) throw new DiscordStartError('discord: no application id (set DISCORD_APP_ID)');
    const route = opts.guildId ? Routes.applicationGuildCommands(appId, opts.guildId) : Routes.applicationCommands(appId);
    await client.rest.put(route, { body: [ALERTS_COMMAND] });
    log.info({ appId, guildId: opts.guildId ?? null }, `discord: /alerts registered ${opts.guildId ? 'for one guild' : 'globally'}`);
  }

  return {
    name: 'discord',

    async start(commands: CommandService): Promise<void> {
      if (started) return;
      started = true;
      client.on(Events.InteractionCreate, (interaction) => {
        void handleInteraction(interaction, { commands, policy: opts.permissions.manage, log });
      });
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new DiscordStartError('discord: gateway not ready in time')), opts.readyTimeoutMs ?? 30_000);
        client.once(Events.ClientReady, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      try {
        await client.login(opts.token);
        await ready;
      } catch (error) {
        await client.destroy().catch(() => undefined);
        throw error instanceof DiscordStartError ? error : new DiscordStartError(`discord: login failed: ${(error as Error).message}`, error);
      }
      log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord: connected');
      try {
        await registerCommands();
      } catch (error) {
        // Alerts still flow without the command; say loudly why staff cannot type /alerts.
        log.error({ err: error }, 'discord: could not register /alerts; slash commands unavailable');
      }
    },

    async deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
      const channelId = attempt.target.channel;
      if (!channelId) return { ok: false, retry: false, error: `channel ${attempt.target.id} has no Discord channel id` };
      const started = opts.clock.now();
      try {
        const body = buildAlertMessage(attempt.alert, fitNonce(attempt.nonce), parseColor(opts.colors?.[attempt.alert.feed]));
        const message = (await client.rest.post(Routes.channelMessages(channelId), { body })) as { id: string; channel_id?: string };
        const ref: Record<string, string> = { channelId: message.channel_id ?? channelId };
        if (attempt.target.guild) ref.guildId = attempt.target.guild;
        log.debug({ channel: attempt.target.id, item: attempt.alert.id, ms: opts.clock.now() - started }, 'discord: alert posted');
        return { ok: true, messageId: message.id, ref };
      } catch (error) {
        const result = classifyDeliveryError(error);
        const level = result.retry ? 'debug' : 'warn';
        log[level]({ channel: attempt.target.id, item: attempt.alert.id, attempt: attempt.attempt, error: result.error }, 'discord: delivery failed');
        return result;
      }
    },

    async stop(): Promise<void> {
      await client.destroy();
    },
  };
}
