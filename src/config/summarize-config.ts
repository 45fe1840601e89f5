/** The one line `check-config` prints for a valid config. */
import type { AppConfig } from './schema.js';

export function summarizeConfig(cfg: AppConfig): string {
  const platforms = [...new Set(cfg.channels.map((channel) => channel.platform))];
  const channels = `${count(cfg.channels.length, 'channel')}${platforms.length > 0 ? ` (${platforms.join(', ')})` : ''}`;
  return `${cfg.file} OK: ${count(cfg.feeds.length, 'feed')}, ${channels}, ${count(cfg.subscriptions.length, 'subscription')}, store ${redactStore(cfg.store)}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A Redis URL may carry a password: never print it. */
function redactStore(store: string): string {
  return store.replace(/^(rediss?:\/\/)([^@/]*)@/, (_whole, scheme: string) => `${scheme}***@`);
}
