import { buildAlertDocument } from '../../core/alerts/alert-document.js';
import type { Alert } from '../../core/model.js';
import type { TextSink } from '../../core/platform-descriptor.js';
import type { DeliveryAttempt, DeliveryResult, Platform } from '../../core/ports.js';

/** One alert, one line: the alert document (core/alerts/alert-document.ts) as JSON. */
export function formatConsoleAlert(alert: Alert): string {
  return `${JSON.stringify(buildAlertDocument(alert))}\n`;
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
