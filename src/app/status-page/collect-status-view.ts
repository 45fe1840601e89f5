import type { Clock, OutboxEntry, Stores } from '../../core/ports.js';
import type { AppConfig } from '../../config/schema.js';
import { settingsFromConfig } from '../settings-from-config.js';
import { collectStatus, type ChannelStatus, type FeedStatus } from '../status-command.js';
import { describeQueued, JOURNAL_CAPACITY, type AlertJournal, type JournalEntry, type JournalState } from './alert-journal.js';
import { computeLatencySeries, type LatencySeries } from './latency-series.js';

export interface SubscriptionRow {
  id: string;
  query: string;
  feeds: string[] | null;
  source: 'config' | 'command';
}

export type AlertRowState = JournalState | { kind: 'waiting'; reason: string } | { kind: 'gone' };

export interface AlertRow extends Omit<JournalEntry, 'state'> {
  state: AlertRowState;
}

export interface StatusView {
  now: number;
  feeds: FeedStatus[];
  channels: Array<ChannelStatus & { subscriptions: SubscriptionRow[] }>;
  /** Newest first, at most 100. */
  alerts: AlertRow[];
  latency: LatencySeries;
}

export interface StatusViewDeps {
  config: () => AppConfig;
  stores: Stores;
  journal: AlertJournal;
  clock: Clock;
  /** Why a platform cannot deliver in this environment (`discord: DISCORD_TOKEN is not set`). */
  unconfigured: readonly string[];
}

/** Everything the status page shows, read fresh per request from the store and this process's journal. */
export async function collectStatusView(deps: StatusViewDeps): Promise<StatusView> {
  const { stores, clock } = deps;
  const config = deps.config();
  const now = clock.now();
  const status = await collectStatus(config, stores, clock, deps.unconfigured);
  const subscriptions = [...settingsFromConfig(config).subscriptions, ...(await stores.subscriptions.list())];
  const channels = status.channels.map((channel) => ({
    ...channel,
    subscriptions: subscriptions.filter((s) => s.channel === channel.id)
      .map((s) => ({ id: s.id, query: s.query, feeds: s.feeds ?? null, source: s.source })),
  }));
  const disabled = new Map(status.channels.filter((c) => c.disabled).map((c) => [c.id, c.disabled!]));
  const alerts = await collectAlerts(deps, disabled);
  return { now, feeds: status.feeds, channels, alerts, latency: computeLatencySeries(deps.journal.latencies(now - 3_600_000), now) };
}

/**
 * This process's journal joined with the outbox: entries still queued take their state from the store (another
 * instance may be retrying them), and a journal entry no longer queued was delivered, here or elsewhere.
 */
async function collectAlerts(deps: StatusViewDeps, disabled: ReadonlyMap<string, string>): Promise<AlertRow[]> {
  const { stores } = deps;
  const pending = new Map<string, OutboxEntry>();
  for (const channel of await stores.outbox.channelsWithPending()) {
    for (const entry of await stores.outbox.pending(channel, JOURNAL_CAPACITY)) pending.set(entry.key, entry);
  }
  const rows = new Map<string, AlertRow>();
  for (const entry of deps.journal.entries()) rows.set(entry.key, { ...entry });
  for (const entry of pending.values()) {
    if (!rows.has(entry.key)) rows.set(entry.key, describeQueued(entry));
  }
  const newest = [...rows.values()].sort((a, b) => b.enqueuedAt - a.enqueuedAt).slice(0, JOURNAL_CAPACITY);
  for (const row of newest) {
    const queued = pending.get(row.key);
    if (queued) row.state = queuedState(queued, disabled.get(row.channel));
    else if (row.state.kind !== 'delivered') row.state = await deliveredElsewhere(stores, row);
  }
  return newest;
}

function queuedState(entry: OutboxEntry, disabledReason: string | undefined): AlertRowState {
  if (disabledReason) return { kind: 'waiting', reason: disabledReason };
  if (entry.attempts > 0 && entry.lastError !== null) {
    return { kind: 'retrying', attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt, error: entry.lastError };
  }
  return { kind: 'queued' };
}

async function deliveredElsewhere(stores: Stores, row: AlertRow): Promise<AlertRowState> {
  const record = await stores.outbox.getDelivery(row.channel, row.alert.id);
  if (!record) return { kind: 'gone' };
  return { kind: 'delivered', sentAt: record.sentAt, latencyMs: record.sentAt - row.alert.firstSeenAt };
}
