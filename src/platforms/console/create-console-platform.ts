import type { Alert } from '../../core/model.js';
import type { DeliveryAttempt, DeliveryResult, Platform } from '../../core/ports.js';

/** The console alert line: a contract that outside tooling parses (see CONTRACT.md). Keep these keys. */
export interface ConsoleAlertLine {
  channel: string;
  subscriptions: string[];
  feed: string;
  feedName: string;
  feedUrl: string;
  id: string;
  title: string;
  link: string | null;
  published: string | null;
  matched: string[];
  summary: string;
}

export function formatConsoleAlert(alert: Alert): string {
  const line: ConsoleAlertLine = {
    channel: alert.channel,
    subscriptions: alert.subscriptions,
    feed: alert.feed,
    feedName: alert.feedName,
    feedUrl: alert.feedUrl,
    id: alert.id,
    title: alert.title,
    link: alert.link,
    published: alert.published,
    matched: alert.matched,
    summary: alert.summary,
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * Writes one JSON object per alert per line. Success is reported only once the stream accepted the
 * write, so `run --once` never exits with an alert still buffered.
 */
export function createConsolePlatform(out: NodeJS.WritableStream = process.stdout): Platform {
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
