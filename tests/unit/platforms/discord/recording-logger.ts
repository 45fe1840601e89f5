import { stdSerializers } from 'pino';
import type { Logger } from '../../../../src/core/ports.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string;
}

/** Records log calls; Error values are serialised as pino would (with their enumerable fields, e.g. `url`). */
export function createRecordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object | string, msg?: string) => {
    const recorded = typeof obj === 'string' ? obj : Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, v instanceof Error ? stdSerializers.err(v) : v]));
    entries.push({ level, obj: recorded, ...(msg !== undefined && { msg }) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
