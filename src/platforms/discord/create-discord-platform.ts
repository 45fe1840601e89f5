/**
 * The Discord platform: a discord.js gateway client for slash commands and REST for alerts.
 *
 * Rate limits, deliberately: @discordjs/rest normally queues every request and waits out any 429 itself, for
 * as long as Discord says. A delivery stuck in that queue holds the delivery loop and hides the limit from the
 * outbox. We let it wait only short limits (≤ maxRateLimitWaitMs) on the message route; a longer one rejects
 * with RateLimitError (`rejectOnRateLimit`), which deliver() reports as `{ retry: true, retryAfterMs }` so the
 * outbox reschedules the alert and other channels keep flowing. 5xx and network errors are not retried inside
 * REST (`retries: 0`): the outbox retries with backoff, and the enforced nonce makes a repeat send harmless.
 *
 * Scale-out: alerts go out over REST on every instance, but only the holder of the gateway lease
 * (`leases`, shared store) keeps a gateway session, so each slash command is answered once.
 */
import { choosePings } from '../../core/attention/ping.js';
import { createHash } from 'node:crypto';
import { REST, Routes, type RateLimitData, type RESTOptions } from 'discord.js';
import type { Clock, CommandService, DeliveryAttempt, DeliveryResult, LeaseStore, Logger, Platform } from '../../core/ports.js';
import { buildAlertMessage } from './build-alert-message.js';
import { classifyDeliveryError } from './classify-delivery-error.js';
import { isFollowUpKind } from '../shared/follow-up-kind.js';
import { createFollowUpSender } from './deliver-follow-up.js';
import type { ManagePolicy } from './decide-may-manage.js';
import { createGatewayLeader, type GatewayLeader } from './gateway-leader.js';
import { openGatewaySession } from './gateway-session.js';
import { DEFAULT_DISCORD_API_URL } from './read-discord-env.js';

export { DiscordStartError } from './gateway-session.js';

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
  /**
   * Several instances: the shared lease store and this process's owner id. Only the lease holder keeps the
   * gateway session; without it this instance always connects (one instance).
   */
  gatewayLease?: { leases: LeaseStore; owner: string; ttlMs?: number; key?: string };
}

/** Posting, editing a message and starting a thread on one: the routes a delivery waits on. */
const MESSAGE_ROUTE = /^\/channels\/[^/]+\/messages(?:\/[^/]+(?:\/threads)?)?$/;
export const GATEWAY_LEASE_KEY = 'gateway:discord';
const DEFAULT_LEASE_TTL_MS = 30_000;

/** Discord refuses nonces over 25 characters; a longer one is hashed (still stable per outbox entry). */
export function fitNonce(nonce: string): string {
  return nonce.length <= 25 ? nonce : createHash('sha256').update(nonce).digest('base64url').slice(0, 25);
}

function parseColor(value: number | string | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^#?[0-9a-f]{6}$/i.test(value)) return Number.parseInt(value.replace('#', ''), 16);
  return undefined;
}

/** A lease store that always grants: one instance, no shared store. */
const soleInstance: LeaseStore = {
  acquire: async () => true,
  renew: async () => true,
  release: async () => undefined,
};

export function createDiscordPlatform(opts: DiscordPlatformOptions): Platform {
  const maxWait = opts.maxRateLimitWaitMs ?? 2000;
  const log = opts.log;
  const restOptions: Partial<RESTOptions> = {
    api: opts.apiUrl ?? DEFAULT_DISCORD_API_URL,
    timeout: opts.restTimeoutMs ?? 10_000,
    retries: 0,
    rejectOnRateLimit: (data: RateLimitData) => MESSAGE_ROUTE.test(data.route) && Math.max(data.retryAfter, data.timeToReset) > maxWait,
  };
  // Alerts go over this REST client on every instance, with or without a gateway session.
  const rest = new REST(restOptions).setToken(opts.token);
  rest.on('rateLimited', (info) => log.debug({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'discord: rate limited'));

  const followUps = createFollowUpSender({
    rest, log, nonceOf: (attempt) => fitNonce(attempt.nonce), colorOf: (feed) => parseColor(opts.colors?.[feed]),
  });

  let leader: GatewayLeader | null = null;
  // Discord keeps one DM channel per user: opened once per process, then reused.
  const directChannels = new Map<string, string>();
  async function openDirectChannel(user: string): Promise<string> {
    const known = directChannels.get(user);
    if (known) return known;
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: user } })) as { id: string };
    directChannels.set(user, channel.id);
    return channel.id;
  }

  return {
    name: 'discord',
    idempotentDelivery: true,

    async start(commands: CommandService): Promise<void> {
      if (leader) return;
      const lease = opts.gatewayLease;
      leader = createGatewayLeader({
        leases: lease?.leases ?? soleInstance,
        key: lease?.key ?? GATEWAY_LEASE_KEY,
        owner: lease?.owner ?? 'sole-instance',
        ttlMs: lease?.ttlMs ?? DEFAULT_LEASE_TTL_MS,
        clock: opts.clock,
        log,
        connect: () => openGatewaySession({
          token: opts.token, appId: opts.appId, guildId: opts.guildId, rest: restOptions, policy: opts.permissions.manage,
          log, readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
        }, commands),
      });
      await leader.start();
    },

    async deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
      if (!attempt.target.channel) return { ok: false, retry: false, error: `channel ${attempt.target.id} has no Discord channel id` };
      const started = opts.clock.now();
      try {
        const channelId = attempt.target.dmUser ? await openDirectChannel(attempt.target.dmUser) : attempt.target.channel;
        const followUp = attempt.followUp;
        if (followUp && isFollowUpKind(attempt.alert.kind)) return await followUps.deliver({ ...attempt, followUp }, channelId);
        const body = buildAlertMessage(attempt.alert, fitNonce(attempt.nonce), parseColor(opts.colors?.[attempt.alert.feed]),
          { template: attempt.target.template, nowMs: opts.clock.now(), pings: choosePings(attempt.target.ping, attempt.alert) });
        const message = (await rest.post(Routes.channelMessages(channelId), { body })) as { id: string; channel_id?: string };
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
      await leader?.stop();
      directChannels.clear();
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };
}
