/**
 * Maps what @discordjs/rest throws to the platform-neutral DeliveryResult: rate limits and server/network
 * trouble are transient, a missing or forbidden channel is permanent for that channel.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { DeliveryResult } from '../../core/ports.js';

/** Discord JSON error codes that mean "this channel will not accept our messages". */
const CHANNEL_GONE_CODES = new Set([10003 /* Unknown Channel */, 50001 /* Missing Access */, 50013 /* Missing Permissions */]);

/** Alerts are kept (retried with backoff) rather than dropped: fixing the token and restarting sends them. */
const TOKEN_REJECTED = 'discord rejected the bot token (401): check DISCORD_TOKEN and restart; alerts stay queued';

export function classifyDeliveryError(error: unknown): Extract<DeliveryResult, { ok: false }> {
  if (error instanceof RateLimitError) {
    const wait = Math.max(error.retryAfter, error.timeToReset, 0);
    return { ok: false, retry: true, retryAfterMs: Math.ceil(wait), error: `rate limited${error.global ? ' (global)' : ''} on ${error.route} for ${Math.ceil(wait)} ms` };
  }
  if (error instanceof DiscordAPIError) {
    if (error.status === 403 || error.status === 404 || CHANNEL_GONE_CODES.has(Number(error.code))) {
      return { ok: false, retry: false, error: `discord ${error.status} (code ${error.code}): ${error.message}` };
    }
    if (error.status === 401) return { ok: false, retry: true, error: TOKEN_REJECTED };
    if (error.status === 429 || error.status >= 500) return { ok: false, retry: true, error: `discord ${error.status}: ${error.message}` };
    // Other 4xx (400 Invalid Form Body, 401) will not heal by retrying this message, but they are our bug or a
    // bad token rather than the channel's state: keep the alert and retry later so nothing is lost.
    return { ok: false, retry: true, error: `discord ${error.status} (code ${error.code}): ${error.message}` };
  }
  if (error instanceof HTTPError) return { ok: false, retry: true, error: `discord ${error.status}: ${error.message}` };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // After a 401, @discordjs/rest forgets the token and fails every later request locally with this message.
  if (/Expected token to be set/i.test(message)) return { ok: false, retry: true, error: TOKEN_REJECTED };
  return { ok: false, retry: true, error: `network: ${message}` };
}
