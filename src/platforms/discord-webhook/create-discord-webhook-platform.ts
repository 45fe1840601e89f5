/**
 * `platform: discord-webhook`: alerts through a Discord incoming webhook, for servers that will not add a bot.
 * The message is the discord platform's embed (same escaping, limits, colours and templates) with mentions
 * disabled; there are no slash commands. Execute Webhook has no enforced nonce, so channels are sent one at a
 * time per process (a crash between Discord's answer and our record repeats at most one alert).
 * Story follow-ups (update, kill, also) go out as messages of their own, whatever `attempt.followUp` asks: the
 * embed builder gives them the bot's fixed wording, and we keep this platform to one simple POST per alert.
 */
import type { Clock, DeliveryAttempt, DeliveryResult, Logger, Platform } from '../../core/ports.js';
import { buildAlertMessage } from '../discord/build-alert-message.js';
import { classifyAnswer, postJson, type PostAnswer } from '../shared/post-json.js';

export interface DiscordWebhookOptions {
  /** `https://discord.com/api/webhooks/<id>/<token>`: a secret (the token is in the path). */
  url: string;
  colors: Record<string, number>;
  clock: Clock;
  log: Logger;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function createDiscordWebhookPlatform(opts: DiscordWebhookOptions): Platform {
  const target = new URL(opts.url);
  // wait=true: Discord answers once the message is stored, with its id.
  target.searchParams.set('wait', 'true');
  return {
    name: 'discord-webhook',
    async start() {},
    async deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
      const { embeds, allowed_mentions } = buildAlertMessage(attempt.alert, attempt.nonce, opts.colors[attempt.alert.feed],
        { template: attempt.target.template, nowMs: opts.clock.now() });
      const body = JSON.stringify({ embeds, allowed_mentions });
      let answer: PostAnswer;
      try {
        answer = await postJson(target.href, body, {
          headers: { 'content-type': 'application/json' }, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, now: () => opts.clock.now(),
        });
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        // Never the URL: it holds the webhook token.
        return { ok: false, retry: true, error: `discord-webhook network: ${err.code ?? err.name}` };
      }
      const result = classifyAnswer(withDiscordRetryAfter(answer), 'discord-webhook');
      if (result.ok) return { ok: true, messageId: messageIdOf(answer.text) };
      opts.log.debug({ channel: attempt.target.id, item: attempt.alert.id, status: answer.status }, 'discord-webhook: post refused');
      return result;
    },
    async stop() {},
  };
}

/** Discord's 429 body says `retry_after` in seconds even when the header is missing. */
function withDiscordRetryAfter(answer: PostAnswer): PostAnswer {
  if (answer.status !== 429 || answer.retryAfterMs !== undefined) return answer;
  const seconds = Number((parseJson(answer.text) as { retry_after?: unknown } | null)?.retry_after);
  return Number.isFinite(seconds) ? { ...answer, retryAfterMs: Math.ceil(seconds * 1000) } : answer;
}

function messageIdOf(text: string): string | null {
  const id = (parseJson(text) as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
