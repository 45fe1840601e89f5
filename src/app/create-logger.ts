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

export interface AppLogger extends Logger {
  flush(): void;
  /** Scrubs these values too from now on: a reloaded config can bring secrets the first one did not use. */
  addSecrets(more: readonly string[]): void;
}

export function createLogger(opts: LoggerOptions = {}): AppLogger {
  const secrets: string[] = [];
  const addSecrets = (more: readonly string[]) => {
    for (const s of more) if (s.length >= 4 && !secrets.includes(s)) secrets.push(s);
  };
  addSecrets(opts.secrets ?? []);
  const destination = typeof opts.destination === 'object'
    ? opts.destination
    : pino.destination({ fd: opts.destination ?? 2, sync: true });
  const logger = pino(
    {
      level: opts.level ?? 'info',
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line: string) => (secrets.length ? scrubSecrets(line, secrets) : line) },
    },
    destination as pino.DestinationStream,
  );
  return Object.assign(logger, { addSecrets });
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
