import type { Clock, FeedState, Stores } from '../core/ports.js';
import type { AppConfig } from '../config/schema.js';
import { redactUrl } from '../feeds/redact-url.js';
import { openStores } from '../store/open-stores.js';
import { settingsFromConfig } from './settings-from-config.js';
import { schedulePreview } from './schedule-preview.js';

export interface FeedStatus {
  id: string;
  url: string;
  lastSuccess: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  failing: boolean;
  nextPoll: string | null;
}

export interface ChannelStatus {
  id: string;
  platform: string;
  pending: number;
  disabled: string | null;
}

export interface BotStatus {
  feeds: FeedStatus[];
  channels: ChannelStatus[];
}

/** `unconfigured`: why a platform cannot deliver in this environment, e.g. `discord: DISCORD_TOKEN is not set`. */
export async function readStatus(config: AppConfig, clock: Clock, unconfigured: readonly string[] = []): Promise<BotStatus> {
  const stores = await openStores(config.store, { keyPrefix: config.scaleOut.keyPrefix, clock });
  try {
    return await collectStatus(config, stores, clock, unconfigured);
  } finally {
    await stores.close();
  }
}

async function collectStatus(config: AppConfig, stores: Stores, clock: Clock, unconfigured: readonly string[]): Promise<BotStatus> {
  const settings = settingsFromConfig(config);
  const feeds: FeedStatus[] = [];
  for (const feed of settings.feeds) {
    const state = await stores.feedState.get(feed.id);
    feeds.push(describeFeed(feed.id, feed.displayUrl ?? feed.url, state, schedulePreview(feed.schedule, clock.now(), state)));
  }
  const targets = new Map<string, { id: string; platform: string }>();
  for (const t of [...settings.channels, ...(await stores.channels.list())]) if (!targets.has(t.id)) targets.set(t.id, t);
  // Alerts queued for a channel no longer in the config still count: they wait until it comes back.
  for (const id of await stores.outbox.channelsWithPending()) if (!targets.has(id)) targets.set(id, { id, platform: 'unknown' });
  const channels: ChannelStatus[] = [];
  for (const target of targets.values()) {
    const state = await stores.channelState.get(target.id);
    // A platform without credentials here cannot deliver either: say so rather than "delivering".
    const waiting = unconfigured.find((reason) => reason.startsWith(`${target.platform}:`));
    channels.push({ id: target.id, platform: target.platform, pending: await stores.outbox.countPending(target.id),
      disabled: state?.disabledReason ?? (waiting ? `platform not configured (${waiting})` : null) });
  }
  return { feeds, channels };
}

function describeFeed(id: string, url: string, state: FeedState | undefined, nextPoll: number | null): FeedStatus {
  const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : null);
  return {
    id, url: redactUrl(url), lastSuccess: iso(state?.lastSuccessAt), lastError: state?.lastError ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0, failing: state?.failing ?? false, nextPoll: iso(nextPoll),
  };
}

export function formatStatus(status: BotStatus): string {
  const lines = ['FEEDS'];
  for (const f of status.feeds) {
    const health = f.failing ? 'FAILING' : f.consecutiveFailures > 0 ? 'retrying' : f.lastSuccess ? 'ok' : 'never polled';
    lines.push(`  ${f.id}  ${health}  last success: ${f.lastSuccess ?? '-'}  failures: ${f.consecutiveFailures}` +
      `  next poll: ${f.nextPoll ?? '-'}${f.lastError ? `  last error: ${f.lastError}` : ''}`);
  }
  lines.push('CHANNELS');
  for (const c of status.channels) {
    lines.push(`  ${c.id} (${c.platform})  pending: ${c.pending}  ${c.disabled ? `DISABLED: ${c.disabled}` : 'delivering'}`);
  }
  return `${lines.join('\n')}\n`;
}
