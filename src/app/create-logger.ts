import { pino } from 'pino';
import type { Logger } from '../core/ports.js';

/** Field names whose values never reach a log line, wherever they sit in a logged object. */
const REDACTED_PATHS = [
  'token', '*.token', 'authorization', '*.authorization', 'Authorization', '*.Authorization',
  'headers', '*.headers', 'botToken', '*.botToken', 'appToken', '*.appToken',
  'signingSecret', '*.signingSecret', 'password', '*.password', 'cookie', '*.cookie',
];

export interface LoggerOptions {
  level?: string;
  /** Secret values (tokens, substituted ${NAME} header values): scrubbed from every line as a last line of defence. */
  secrets?: readonly string[];
  /** Defaults to stderr: stdout carries alerts only. */
  destination?: NodeJS.WritableStream | number;
}

export function createLogger(opts: LoggerOptions = {}): Logger & { flush(): void } {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const destination = typeof opts.destination === 'object'
    ? opts.destination
    : pino.destination({ fd: opts.destination ?? 2, sync: true });
  return pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(secrets.length ? { hooks: { streamWrite: (line: string) => scrubSecrets(line, secrets) } } : {}),
    },
    destination as pino.DestinationStream,
  );
}

export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    // A secret can also appear JSON-escaped inside the serialised line.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join('[redacted]');
  }
  return out;
}
