import type { Alert } from '../../core/model.js';
import type { TextSink } from '../../core/platform-descriptor.js';
import type { DeliveryAttempt, DeliveryResult, Platform } from '../../core/ports.js';

/**
 * The console alert line is a contract outside tooling parses (CONTRACT.md): these keys, in this order.
 * Listed explicitly so a field added to the model never leaks into the line by accident.
 */
export const CONSOLE_ALERT_KEYS = [
  'channel', 'subscriptions', 'feed', 'feedName', 'feedUrl', 'id', 'title', 'link', 'published', 'matched', 'summary',
] as const satisfies ReadonlyArray<keyof Alert>;

export function formatConsoleAlert(alert: Alert): string {
  const line: Record<string, unknown> = {};
  for (const key of CONSOLE_ALERT_KEYS) line[key] = alert[key];
  // Scripts tell stories from the bot's own notices (feed failing / recovered) by this key.
  line.kind = alert.kind ?? 'alert';
  return `${JSON.stringify(line)}\n`;
}

/**
 * Writes one JSON object per alert per line. Success is reported only once the stream accepted the
 * write, so `run --once` never exits with an alert still buffered.
 */
export function createConsolePlatform(out: TextSink = process.stdout): Platform {
  return {
    name: 'console',
    async start() {},
    deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
      return new Promise((resolve) => {
        out.write(formatConsoleAlert(attempt.alert), (err) => {
          resolve(err ? { ok: false, retry: true, error: `stdout: ${err.message}` } : { ok: true, messageId: null });
        });
      });
    },
    async stop() {},
  };
}
