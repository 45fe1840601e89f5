/**
 * `platform: webhook`: alerts POSTed as signed JSON to `channels[].channel`, an http(s) URL. The signing secret
 * comes from WEBHOOK_SECRET (or WEBHOOK_SECRET_FILE); without it webhook channels wait, like any platform without
 * credentials.
 */
import { z } from 'zod';
import { definePlatform, type EnvReader } from '../../core/platform-descriptor.js';
import { requireSecret } from '../shared/read-env-values.js';

export interface WebhookEnv {
  secret: string;
}

export const webhookPlatform = definePlatform<WebhookEnv>({
  name: 'webhook',
  channelId: z
    .string()
    .refine(isHttpUrl, 'expected the http(s) URL alerts are POSTed to, e.g. "https://hooks.example.org/newsbot"')
    .describe('the http(s) URL of a webhook'),
  readEnv: (env: EnvReader) => ({ secret: requireSecret(env, 'WEBHOOK_SECRET') }),
  async create({ env, network, clock, log }) {
    const { createWebhookPlatform } = await import('./create-webhook-platform.js');
    return createWebhookPlatform({ secret: env.secret, network, clock, log });
  },
});

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
