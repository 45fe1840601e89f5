import type { Clock, FeedState, Stores } from '../core/ports.js';
import type { AppConfig } from '../config/schema.js';
import { redactUrl } from '../feeds/redact-url.js';
import { openStores } from '../store/open-stores.js';
import type { RuntimeFeed } from './poll-scheduler.js';
import { settingsFromConfig } from './settings-from-config.js';
import { schedulePreview } from './schedule-preview.js';

export interface FeedStatus {
  id: string;
  name: string;
  url: string;
  /** The last poll that finished, successful or not. */
  lastPoll: string | null;
  lastSuccess: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  failing: boolean;
  nextPoll: string | null;
  /** Set while failures (or a Retry-After) hold the feed back past its schedule. */
  backoffUntil: string | null;
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

/** The same report from stores already open (the status page of a running bot). */
export async function collectStatus(config: AppConfig, stores: Stores, clock: Clock, unconfigured: readonly string[]): Promise<BotStatus> {
  const settings = settingsFromConfig(config);
  const feeds: FeedStatus[] = [];
  for (const feed of settings.feeds) {
    const state = await stores.feedState.get(feed.id);
    feeds.push(describeFeed(feed, state, schedulePreview(feed.schedule, clock.now(), state), clock.now()));
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

function describeFeed(feed: RuntimeFeed, state: FeedState | undefined, nextPoll: number | null, now: number): FeedStatus {
  const iso = (t: number | null | undefined) => (t ? new Date(t).toISOString() : null);
  const lastPoll = Math.max(state?.lastSuccessAt ?? 0, state?.lastErrorAt ?? 0);
  const backoff = state?.nextPollAt ?? null;
  return {
    id: feed.id, name: feed.name, url: redactUrl(feed.displayUrl ?? feed.url), lastPoll: iso(lastPoll),
    lastSuccess: iso(state?.lastSuccessAt), lastError: state?.lastError ?? null,
    consecutiveFailures: state?.consecutiveFailures ?? 0, failing: state?.failing ?? false, nextPoll: iso(nextPoll),
    backoffUntil: backoff !== null && backoff > now ? iso(backoff) : null,
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
