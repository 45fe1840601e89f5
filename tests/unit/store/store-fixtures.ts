/** Shared test data and helpers for the store suites. */
import type { Alert } from '../../../src/core/model.js';
import type { Clock, DeliveryRecord, OutboxEntry, StoredArticle } from '../../../src/core/ports.js';
import { marked } from '../../helpers/summary-runs.js';

export class FakeClock implements Clock {
  constructor(public time = Date.now()) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function makeAlert(channel: string, id: string, over: Partial<Alert> = {}): Alert {
  return {
    channel,
    subscriptions: ['afghanistan'],
    feed: 'afp-world',
    feedName: 'AFP World',
    feedUrl: 'http://127.0.0.1/afp.xml',
    id,
    title: `Taliban story ${id}`,
    link: `https://example.org/${encodeURIComponent(id)}`,
    published: '2026-11-25T10:00:00.000Z',
    matched: ['Taliban'],
    summary: marked('The **Taliban** said …'),
    firstSeenAt: 1_700_000_000_000,
    ...over,
  };
}

export function makeEntry(channel: string, id: string, enqueuedAt = 1_700_000_000_000): OutboxEntry {
  return {
    key: `${channel}\u0000${id}`,
    channel,
    alert: makeAlert(channel, id),
    nonce: `n${id}`.slice(0, 25),
    enqueuedAt,
    attempts: 0,
    nextAttemptAt: enqueuedAt,
    lastError: null,
  };
}

export function makeRecord(entry: OutboxEntry, messageId = 'm1'): DeliveryRecord {
  return {
    channel: entry.channel,
    itemId: entry.alert.id,
    platform: 'discord',
    messageId,
    ref: { thread: 't1' },
    sentAt: 1_700_000_000_500,
  };
}

export function makeArticle(feedId: string, id: string, firstSeenAt: number): StoredArticle {
  return { feedId, id, title: `Title ${id}`, text: `Body of ${id}`, link: null, published: null, firstSeenAt };
}

let counter = 0;
/** A key prefix no other test run shares, so parallel runs on the shared Redis never collide. */
export function uniquePrefix(name: string): string {
  counter += 1;
  return `test-${name}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
