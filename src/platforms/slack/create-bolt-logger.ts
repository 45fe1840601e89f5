import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.js';

/**
 * Bolt, the WebClient and the Socket Mode client log through @slack/logger's interface; route them into our
 * logger (pino, with its redaction) instead of their console logger. Our logger does the level filtering.
 */
export function createBoltLogger(log: Logger, component: string): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const bindings = { platform: 'slack', component };
  const format = (msg: unknown[]): string => msg.map(formatPart).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(bindings, format(msg)),
    info: (...msg: unknown[]) => log.info(bindings, format(msg)),
    warn: (...msg: unknown[]) => log.warn(bindings, format(msg)),
    error: (...msg: unknown[]) => log.error(bindings, format(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function formatPart(part: unknown): string {
  if (typeof part === 'string') return part;
  if (part instanceof Error) return part.message;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
