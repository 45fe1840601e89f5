import type { SocketModeClient } from '@slack/socket-mode';
import type { Logger } from '../../core/ports.js';

/**
 * The Socket Mode client reconnects by calling `this.start()` from a timer and never handles its rejection:
 * when Slack refuses the app token on a reconnect (revoked: `invalid_auth`), that becomes an unhandled
 * rejection and would take the whole bot, Discord and polling included, down with it. Wrapping the
 * instance's start() (the reconnect path looks it up on the instance) turns that into one error line;
 * alerts keep posting over the Web API. Our own start() goes through `direct`, which leaves errors alone so
 * a bad token still fails it.
 */
export function guardSocketReconnects(client: SocketModeClient, log: Logger): { direct<T>(call: () => T): T } {
  const originalStart = client.start.bind(client);
  // Set only during the synchronous call chain app.start() → receiver.start() → client.start().
  let ours = false;
  client.start = async () => {
    if (ours) return originalStart();
    try {
      return await originalStart();
    } catch (err) {
      log.error({ platform: 'slack', error: err instanceof Error ? err.message : String(err) },
        'Slack: Socket Mode reconnect refused; slash commands are unavailable until restart (check SLACK_APP_TOKEN)');
      return undefined as unknown as Awaited<ReturnType<SocketModeClient['start']>>;
    }
  };
  return {
    direct<T>(call: () => T): T {
      ours = true;
      try {
        return call();
      } finally {
        ours = false;
      }
    },
  };
}
