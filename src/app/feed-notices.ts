import { deliveryNonce, outboxKey } from '../core/alerts/delivery-keys.js';
import type { Clock, FeedState, OutboxEntry, Stores } from '../core/ports.js';
import { redactUrl } from '../feeds/redact-url.js';
import type { PollFeedConfig } from './poll-feed.js';

export interface FeedNoticesDeps {
  /** notices.channel, or null: failing and recovering feeds are then only logged and marked. */
  channel: string | null;
  stores: Stores;
  clock: Clock;
  /** A notice was queued: deliver it without waiting for the next delivery round. */
  onQueued: () => void;
}

export interface FeedNotices {
  /** Queues "failing" or "recovered" in the notices channel; pollFeed calls it once per health change. */
  announce(feed: PollFeedConfig, failing: boolean, state: FeedState, previous: FeedState | undefined): Promise<void>;
  /** A config reload may set, change or remove notices.channel. */
  apply(channel: string | null): void;
}

/** Feed health notices: the one piece of state they own is the channel they go to. */
export function createFeedNotices(deps: FeedNoticesDeps): FeedNotices {
  let channel = deps.channel;
  return {
    async announce(feed, failing, state, previous) {
      if (!channel) return;
      await deps.stores.outbox.enqueue([buildFeedNotice({ channel, feed, failing, state, previous, now: deps.clock.now() })]);
      deps.onQueued();
    },
    apply(next) {
      channel = next;
    },
  };
}

export interface FeedNoticeInput {
  channel: string;
  feed: PollFeedConfig;
  failing: boolean;
  state: FeedState;
  previous: FeedState | undefined;
  now: number;
}

/** The outbox entry of one notice, queued and delivered like an alert (kind `notice`). */
export function buildFeedNotice({ channel, feed, failing, state, previous, now }: FeedNoticeInput): OutboxEntry {
  // One id per failing episode (named by the last success before it): a crash between queuing the notice
  // and saving the feed state re-detects the change on the next poll, and the idempotent outbox drops it.
  const id = `notice:${feed.id}:${failing ? 'failing' : 'recovered'}:${previous?.lastSuccessAt ?? 0}`;
  const key = outboxKey(channel, id);
  return {
    key, channel, nonce: deliveryNonce(key), enqueuedAt: now, attempts: 0, nextAttemptAt: now, lastError: null,
    alert: {
      channel, subscriptions: [], feed: feed.id, feedName: feed.name, feedUrl: feed.displayUrl ?? redactUrl(feed.url), id,
      title: failing ? `Feed "${feed.name}" is failing` : `Feed "${feed.name}" recovered`,
      link: null, published: new Date(now).toISOString(), matched: [],
      summary: [{ kind: 'text', text: failing
        ? `${state.consecutiveFailures} consecutive failures. Last error: ${state.lastError ?? 'unknown'}`
        : 'The feed answers again; alerts resume.' }],
      firstSeenAt: now, kind: 'notice',
    },
  };
}
