import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { classifyDeliveryError } from '../../../../src/platforms/discord/classify-delivery-error.js';

function apiError(status: number, code: number, message: string): DiscordAPIError {
  return new DiscordAPIError({ code, message }, code, status, 'POST', '/channels/1/messages', { body: {} });
}

describe('classifyDeliveryError', () => {
  it.each([
    [403, 50013, false],
    [404, 10003, false],
    [500, 0, true],
    [400, 50035, true],
  ])('status %i code %i → retry %s', (status, code, retry) => {
    expect(classifyDeliveryError(apiError(status, code, 'x'))).toMatchObject({ ok: false, retry });
  });

  it('names a rejected token, both on the 401 and on the local failures discord.js reports after it', () => {
    const first = classifyDeliveryError(apiError(401, 0, '401: Unauthorized'));
    const later = classifyDeliveryError(new Error('Expected token to be set for this request, but none was present'));
    for (const result of [first, later]) {
      expect(result).toMatchObject({ ok: false, retry: true });
      expect(result.error).toMatch(/rejected the bot token.*DISCORD_TOKEN/);
    }
  });

  it('keeps other local failures as network errors', () => {
    expect(classifyDeliveryError(new Error('connect ECONNREFUSED 127.0.0.1:1')).error).toBe('network: Error: connect ECONNREFUSED 127.0.0.1:1');
  });
});
