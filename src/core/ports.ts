/** Interfaces the pure core defines and the edges implement, so store, platforms, commands and app depend on core only. */
import type { DigestSpec } from './alerts/build-digest.js';
import type { BurstWindow } from './attention/burst.js';
import type { ClusterMemory } from './lifecycle/cluster-memory.js';
import type { ChannelStoryState } from './lifecycle/story-state.js';
import type { Alert, ChannelTarget, PlatformName, Subscription } from './model.js';

export interface Clock {
  now(): number;
}

/** A pino-compatible subset, so tests can pass a recording logger. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child?(bindings: object): Logger;
}

// ---------------------------------------------------------------- stores

export interface FeedState {
  etag: string | null;
  lastModified: string | null;
  /** sha256 of the last parsed body, so identical bytes are not parsed again. */
  bodyHash: string | null;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  /** `<kind>: <message>` of the last failure, secrets removed. */
  lastError: string | null;
  /** Earliest time the next poll may run (backoff, Retry-After); null = on schedule. */
  nextPollAt: number | null;
  /** True once consecutive failures reached the failing threshold (notice sent once). */
  failing: boolean;
}

/** Identities present (or recently present) in one feed, with when each was first and last seen. */
/** `hash`: the item's content hash when last read (app/read-feed-items), to notice a changed version. */
export type FeedItemIndex = Map<string, { firstSeenAt: number; lastSeenAt: number; hash?: number }>;

export interface StoredArticle {
  feedId: string;
  id: string;
  /** Clean title. */
  title: string;
  /** Clean body text, capped (a few KB) to keep the store small. */
  text: string;
  link: string | null;
  published: string | null;
  firstSeenAt: number;
  /** Written only: title and text are feed markup (a first poll's item), extracted on read; read-backs are clean. */
  raw?: true;
}

export interface FeedStateStore {
  get(feedId: string): Promise<FeedState | undefined>;
  set(feedId: string, state: FeedState): Promise<void>;
}

export interface FeedItemStore {
  /** undefined: this feed was never polled successfully (first poll → backfill rules). */
  load(feedId: string): Promise<FeedItemIndex | undefined>;
  /** One write per feed and cycle. */
  save(feedId: string, index: FeedItemIndex): Promise<void>;
}

export interface RecentArticleStore {
  /** Adds the articles of one feed (one write per feed and cycle); keeps a bounded window (default 7 days). */
  add(feedId: string, articles: StoredArticle[]): Promise<void>;
  /** Newest first, across all feeds, first seen at or after `since`. */
  listSince(since: number, limit?: number): Promise<StoredArticle[]>;
}

export interface SeenStore {
  /** Returns the ids among `ids` already delivered to `channel`. */
  seen(channel: string, ids: string[]): Promise<Set<string>>;
  markSeen(channel: string, ids: string[]): Promise<void>;
}

/** Command-created subscriptions (config ones live in the config). */
export interface SubscriptionStore {
  list(): Promise<Subscription[]>;
  add(sub: Subscription): Promise<void>;
  /** false when no such id. */
  remove(id: string): Promise<boolean>;
}

/** Channels first named by a slash command. */
export interface ChannelStore {
  list(): Promise<ChannelTarget[]>;
  ensure(target: ChannelTarget): Promise<void>;
}

export interface ChannelState {
  /** Set when the platform said the channel is gone or forbidden (403/404, channel_not_found). */
  disabledReason: string | null;
  disabledAt: number | null;
  /** Flood control: the channel's current window (channels[].burst). */
  burst?: BurstWindow;
  /**
   * A digest being sent: its nonce and the outbox keys it holds, fixed before the send so a restart resends the
   * same message (same nonce, same alerts) instead of a different one.
   */
  pendingDigest?: { nonce: string; keys: string[]; spec: DigestSpec };
}

export interface ChannelStateStore {
  get(channel: string): Promise<ChannelState | undefined>;
  set(channel: string, state: ChannelState): Promise<void>;
}

export interface OutboxEntry {
  /** `<channel>\u0000<item id>`: unique, the idempotency key. */
  key: string;
  channel: string;
  alert: Alert;
  /** Stable per key (Discord nonce, ≤ 25 chars). */
  nonce: string;
  enqueuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface DeliveryRecord {
  channel: string;
  itemId: string;
  platform: PlatformName;
  messageId: string | null;
  /** Thread/channel references for follow-ups (edits, threading). */
  ref: Record<string, string>;
  sentAt: number;
}

/** Durable per-channel FIFO of alerts waiting for delivery. */
export interface Outbox {
  /** Idempotent per entry key: an entry already queued (or already sent) is not queued again. */
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /** Oldest first. */
  pending(channel: string, limit?: number): Promise<OutboxEntry[]>;
  channelsWithPending(): Promise<string[]>;
  countPending(channel: string): Promise<number>;
  /** Atomically claims an entry for `owner` for `ttlMs`; false if someone else holds it. */
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /**
   * Claims `keys` in order in one transaction, stopping at the first one held by someone else (or no longer
   * queued); returns how many leading keys are now ours. Holding one already is renewing it.
   */
  claimMany(keys: string[], owner: string, ttlMs: number): Promise<number>;
  /** Gives back claims `owner` took but will not use (a batch cut short); others' claims are left alone. */
  releaseClaims(keys: string[], owner: string): Promise<void>;
  /** Removes the entry, keeps the delivery record and marks the item seen for the channel, in one transaction. */
  complete(entry: OutboxEntry, record: DeliveryRecord): Promise<void>;
  /** Keeps it queued with a later attempt time and releases the claim. */
  retryLater(entry: OutboxEntry, nextAttemptAt: number, error: string): Promise<void>;
  getDelivery(channel: string, itemId: string): Promise<DeliveryRecord | undefined>;
}

/** Leases for scale-out (one poller per feed, one gateway holder). */
export interface LeaseStore {
  acquire(key: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
}

/** A subscription's snooze: matches queued from `from` until `until` are held (epoch ms). */
export interface Snooze {
  from: number;
  until: number;
}

/** Snoozes by channel, then subscription id. Ended ones are kept a while so their held matches still go out. */
export interface SnoozeStore {
  forChannel(channel: string): Promise<Record<string, Snooze>>;
  set(channel: string, subscription: string, snooze: Snooze): Promise<void>;
}

/** The story lifecycle's state (core/lifecycle): versions per feed, alerted events per channel. */
export interface StoryStore {
  loadFeed(feedId: string): Promise<ChannelStoryState>;
  saveFeed(feedId: string, state: ChannelStoryState): Promise<void>;
  /**
   * The clusters ("also reported by" memory) of `channels`, expired at `now`, for `decide`; what it changed is
   * saved before this resolves. Calls run one at a time in a process.
   */
  withClusters<T>(channels: readonly string[], now: number, decide: (memoryOf: (channel: string) => ClusterMemory) => T): Promise<T>;
  /** Writes what `withClusters` has not written yet (it writes behind by up to a second). */
  flush(): Promise<void>;
}

export interface Stores {
  snoozes: SnoozeStore;
  stories: StoryStore;
  feedState: FeedStateStore;
  feedItems: FeedItemStore;
  recent: RecentArticleStore;
  seen: SeenStore;
  subscriptions: SubscriptionStore;
  channels: ChannelStore;
  channelState: ChannelStateStore;
  outbox: Outbox;
  leases: LeaseStore;
  /** A fetched poll's `recent.add`, `feedItems.save` and `feedState.set` as one commit: a crash leaves all or none. */
  savePoll(feedId: string, poll: { recent: StoredArticle[]; index: FeedItemIndex; state: FeedState }): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- platforms

export interface DeliveryAttempt {
  alert: Alert;
  target: ChannelTarget;
  nonce: string;
  attempt: number;
  /** Set for `update`, `kill` and `also` alerts: how this message follows the channel's first alert. */
  followUp?: FollowUpDelivery;
}

/**
 * `reply`: into the first alert's thread (Discord: a thread started on its message, or a reply to it where
 * threads are not allowed; Slack: `thread_ts`). `edit`: change the first alert's message in place (a kill).
 * `standalone`: a message of its own (no first message to follow, `updates: new`, or the first was a digest).
 */
export interface FollowUpDelivery {
  how: 'reply' | 'edit' | 'standalone';
  /** The first alert's delivery in this channel; present for `reply` and `edit`. */
  original?: DeliveryRecord;
}

export type DeliveryResult =
  | { ok: true; messageId: string | null; ref?: Record<string, string> }
  /** Transient (429, 5xx, network): try again, after retryAfterMs when the platform said so. */
  | { ok: false; retry: true; retryAfterMs?: number; error: string }
  /** Permanent for this channel (403/404, channel_not_found, not_in_channel): disable it loudly. */
  | { ok: false; retry: false; error: string };

export interface Platform {
  readonly name: PlatformName;
  /**
   * True when the platform recognises a resend of the same `nonce` (Discord's enforce_nonce), so a crash between
   * its 2xx and our record cannot double a message. Platforms without it are sent one at a time per process.
   */
  readonly idempotentDelivery?: boolean;
  /** Connects (gateway / socket) and starts serving slash commands through `commands`. */
  start(commands: CommandService): Promise<void>;
  deliver(attempt: DeliveryAttempt): Promise<DeliveryResult>;
  stop(): Promise<void>;
}

// ---------------------------------------------------------------- commands

export type CommandName = 'subscribe' | 'unsubscribe' | 'list' | 'preview' | 'help' | 'snooze' | 'unsnooze';

export interface CommandRequest {
  command: CommandName;
  /** `duration`: as typed for `snooze` (`2h`, `90m`, `1d`). */
  args: { query?: string; feed?: string; id?: string; duration?: string };
  platform: PlatformName;
  /** Where the command was typed. */
  place: { channel: string; guild?: string };
  /** `mayManage`: the platform adapter decides it from platform permissions and the config. */
  user: { id: string; name?: string; mayManage: boolean };
  /** `/alerts me …`: the user's own subscriptions, delivered to them by direct message. */
  personal?: boolean;
}

/** A platform-neutral reply; platforms render it (always ephemeral). */
export interface CommandReply {
  ok: boolean;
  /** One-line headline, e.g. `Subscribed: Taliban OR "Bagram air base"`. Our text, safe. */
  title: string;
  /** Further lines of our own text. Values from users are wrapped with `code` marks by the handler. */
  lines: string[];
  /** Stored articles to show (preview, subscribe): feed text, platforms must escape it. */
  articles?: StoredArticle[];
}

export interface AutocompleteRequest {
  platform: PlatformName;
  place: { channel: string; guild?: string };
  option: 'feed' | 'id';
  prefix: string;
}

export interface CommandService {
  handle(req: CommandRequest): Promise<CommandReply>;
  autocomplete(req: AutocompleteRequest): Promise<Array<{ name: string; value: string }>>;
}

/** The ChannelTarget id a platform place maps to when no config channel names it. */
/** Our id of a user's direct-message channel on a platform (personal alerts). */
export function directChannelId(platform: PlatformName, user: string): string {
  return `${platform}:dm:${user}`;
}

export function commandChannelId(platform: PlatformName, channel: string, guild?: string): string {
  return guild ? `${platform}:${guild}:${channel}` : `${platform}:${channel}`;
}
