/**
 * `platform: webhook`: one signed JSON POST per alert to the channel's URL. The body is the alert document
 * (schemas/alert-v1.schema.json); headers carry the HMAC signature, a fresh timestamp per attempt and an
 * Idempotency-Key that is the same on every attempt, so a receiver that keeps the keys gets each alert once
 * even across a crash between its 2xx and our record. Connections go through the same address policy as
 * feed fetches: a webhook URL cannot reach loopback, private or metadata addresses unless fetch.allowHosts /
 * fetch.allowPrivateNetworks opens them.
 */
import { Agent } from 'undici';
import { buildAlertDocument } from '../../core/alerts/alert-document.js';
import type { Clock, DeliveryAttempt, DeliveryResult, Logger, Platform } from '../../core/ports.js';
import { createAddressPolicy } from '../../net/address-policy.js';
import { BLOCKED_CODE, createGuardedConnector, refuseLiteralHost } from '../../net/guarded-connect.js';
import { classifyAnswer, postJson } from '../shared/post-json.js';
import { buildWebhookHeaders } from './sign-webhook.js';

export interface WebhookPlatformOptions {
  secret: string;
  network: { allowPrivateNetworks: boolean; allowHosts: readonly string[] };
  clock: Clock;
  log: Logger;
  /** Connect, answer and body together; default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const USER_AGENT = 'newsbot-webhook/1 (+https://github.com/newsbot/newsbot)';

export function createWebhookPlatform(opts: WebhookPlatformOptions): Platform {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = createAddressPolicy({ allowPrivateNetworks: opts.network.allowPrivateNetworks, allowHosts: [...opts.network.allowHosts] });
  const dispatcher = new Agent({ connect: createGuardedConnector(policy, undefined, timeoutMs) });
  return {
    name: 'webhook',
    // Receivers dedupe on Idempotency-Key, so channels need not be sent one at a time.
    idempotentDelivery: true,
    async start() {},
    async deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
      const url = attempt.target.channel;
      if (url === undefined) return { ok: false, retry: false, error: 'webhook channel has no URL' };
      const refusal = refuseLiteralHost(policy, new URL(url));
      if (refusal) return { ok: false, retry: false, error: `webhook: refused to connect to ${new URL(url).host}: ${refusal}` };
      const body = JSON.stringify(buildAlertDocument(attempt.alert));
      const headers = {
        ...buildWebhookHeaders({ secret: opts.secret, body, nowMs: opts.clock.now(), idempotencyKey: attempt.nonce }),
        'user-agent': USER_AGENT,
      };
      try {
        const answer = await postJson(url, body, { headers, timeoutMs, dispatcher, now: () => opts.clock.now() });
        const result = classifyAnswer(answer, 'webhook');
        opts.log.debug({ channel: attempt.target.id, item: attempt.alert.id, status: answer.status }, 'webhook: alert posted');
        return result;
      } catch (error) {
        const err = error as NodeJS.ErrnoException;
        const cause = (err.cause as NodeJS.ErrnoException | undefined) ?? err;
        if (cause.code === BLOCKED_CODE || err.code === BLOCKED_CODE) return { ok: false, retry: false, error: `webhook: ${cause.message}` };
        return { ok: false, retry: true, error: `webhook network: ${cause.code ?? err.name}: ${cause.message}` };
      }
    },
    async stop() {
      await dispatcher.close();
    },
  };
}
