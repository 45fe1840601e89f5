import type { Alert } from '../../core/model.js';
import type { Clock, Outbox, OutboxEntry } from '../../core/ports.js';

/** Where one alert stands, as this process saw it go through the outbox. */
export type JournalState =
  | { kind: 'queued' }
  | { kind: 'retrying'; attempts: number; nextAttemptAt: number; error: string }
  | { kind: 'delivered'; sentAt: number; latencyMs: number };

export interface JournalEntry {
  key: string;
  channel: string;
  alert: Pick<Alert, 'id' | 'feed' | 'feedName' | 'title' | 'link' | 'matched' | 'kind' | 'firstSeenAt'>;
  enqueuedAt: number;
  state: JournalState;
}

export interface LatencySample {
  /** When the alert was posted. */
  at: number;
  /** Poll that first saw the item → post. */
  ms: number;
}

export interface AlertJournal {
  /** The outbox with every enqueue, retry and completion noted here; behaviour unchanged. */
  observe(outbox: Outbox): Outbox;
  /** Newest first, at most `capacity`. */
  entries(): JournalEntry[];
  /** Deliveries posted at or after `since`, oldest first. */
  latencies(since: number): LatencySample[];
}

export const JOURNAL_CAPACITY = 100;
const LATENCY_WINDOW_MS = 60 * 60 * 1000;
// A burst of thousands of alerts an hour must not grow memory without bound; the plot needs far fewer.
const MAX_SAMPLES = 50_000;

/**
 * An in-memory record of this process's recent alerts for the status page. It watches the outbox rather than
 * the delivery loop, so it sees exactly what the store saw, and it is lost at exit on purpose: the durable
 * truth stays in the outbox, which the page reads as well.
 */
export function createAlertJournal(clock: Clock, capacity = JOURNAL_CAPACITY): AlertJournal {
  const byKey = new Map<string, JournalEntry>();
  let samples: LatencySample[] = [];

  function note(entry: OutboxEntry): JournalEntry {
    const known = byKey.get(entry.key);
    if (known) return known;
    const added = describeQueued(entry);
    byKey.set(entry.key, added);
    // Map order is insertion order: the first key is the oldest.
    while (byKey.size > capacity) byKey.delete(byKey.keys().next().value as string);
    return added;
  }

  function recordLatency(at: number, ms: number): void {
    samples.push({ at, ms: Math.max(0, ms) });
    const cutoff = clock.now() - LATENCY_WINDOW_MS;
    if (samples.length > MAX_SAMPLES || (samples[0] !== undefined && samples[0].at < cutoff)) {
      samples = samples.filter((s) => s.at >= cutoff).slice(-MAX_SAMPLES);
    }
  }

  return {
    observe(outbox) {
      return {
        ...bindAll(outbox),
        async enqueue(entries) {
          await outbox.enqueue(entries);
          for (const entry of entries) note(entry);
        },
        async retryLater(entry, nextAttemptAt, error) {
          await outbox.retryLater(entry, nextAttemptAt, error);
          note(entry).state = { kind: 'retrying', attempts: entry.attempts, nextAttemptAt, error };
        },
        async complete(entry, record) {
          await outbox.complete(entry, record);
          const latencyMs = record.sentAt - entry.alert.firstSeenAt;
          note(entry).state = { kind: 'delivered', sentAt: record.sentAt, latencyMs };
          recordLatency(record.sentAt, latencyMs);
        },
      };
    },
    entries: () => [...byKey.values()].reverse(),
    latencies: (since) => samples.filter((s) => s.at >= since),
  };
}

/** What the page keeps of a queued entry: no summary text, so a hundred entries stay small. */
export function describeQueued(entry: OutboxEntry): JournalEntry {
  const { id, feed, feedName, title, link, matched, kind, firstSeenAt } = entry.alert;
  return {
    key: entry.key, channel: entry.channel, enqueuedAt: entry.enqueuedAt, state: { kind: 'queued' },
    alert: { id, feed, feedName, title, link, matched, kind, firstSeenAt },
  };
}

/** The outbox's methods bound to it, so the wrapper can pass through the ones it does not watch. */
function bindAll(outbox: Outbox): Outbox {
  return {
    enqueue: (entries) => outbox.enqueue(entries),
    pending: (channel, limit) => outbox.pending(channel, limit),
    channelsWithPending: () => outbox.channelsWithPending(),
    countPending: (channel) => outbox.countPending(channel),
    claim: (key, owner, ttlMs) => outbox.claim(key, owner, ttlMs),
    claimMany: (keys, owner, ttlMs) => outbox.claimMany(keys, owner, ttlMs),
    releaseClaims: (keys, owner) => outbox.releaseClaims(keys, owner),
    complete: (entry, record) => outbox.complete(entry, record),
    retryLater: (entry, at, error) => outbox.retryLater(entry, at, error),
    getDelivery: (channel, itemId) => outbox.getDelivery(channel, itemId),
  };
}
