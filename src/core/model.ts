import type { BurstRule } from './attention/burst.js';
import type { DigestEvery, QuietRule } from './attention/schedule.js';
import type { PingRule } from './attention/ping.js';
import type { Urgency } from './attention/urgency.js';
import type { AlertTemplate } from './template/parse-template.js';

/**
 * The platform-neutral model shared by every layer. Pure data: no I/O, no classes.
 * Times are epoch milliseconds unless the field name says ISO.
 */

/** A feed item as src/feeds normalises it. Title and body are raw (may hold HTML); core cleans them. */
export interface Article {
  feedId: string;
  /** Identity: guid/id, else the resolved link, else a hash of title + date. Unique within a feed. */
  id: string;
  /** Raw title as the feed gives it (plain text or HTML). Empty string when the item has none. */
  title: string;
  /** Raw body: content/description/summary, whichever is richest (plain text or HTML). */
  body: string;
  /** Absolute http(s) link, or null. */
  link: string | null;
  /** ISO 8601 UTC, or null when the feed gives no parseable date. */
  published: string | null;
  author: string | null;
  categories: string[];
  /**
   * Raw priority-bearing fields by lowercase element name (`urgency`, `priority`, `apcm:priority`,
   * `category:urgency` for a category with that domain, and any element a feed's `urgency.from` names).
   * Absent when the item carries none.
   */
  wire?: Record<string, string>;
}

/** A registered platform's name (`PlatformDescriptor.name`): console, discord, slack, or one added later. */
export type PlatformName = string;

/** Where alerts go: a config channel, or one first named by a slash command. */
export interface ChannelTarget {
  /** Our id: the config `channels[].id`, or `<platform>:<guild?>:<native id>` for command-created ones. */
  id: string;
  platform: PlatformName;
  /** The platform's own channel id (Discord snowflake, Slack C…); absent for console. */
  channel?: string;
  /** Discord guild id / Slack team id, when known. */
  guild?: string;
  source: 'config' | 'command';
  /** Personal alerts (`/alerts me subscribe`): the user whose direct messages this channel is. */
  dmUser?: string;
  /** `channels[].template`, parsed: the message layout platforms that render messages use instead of theirs. */
  template?: AlertTemplate;
  /** `channels[].minUrgency`: stories below it never reach the channel, whichever subscription matched. */
  minUrgency?: Urgency;
  /** `channels[].ping`: who to mention on urgent stories (Discord and Slack). */
  ping?: PingRule;
  /** `channels[].burst`: past `max` alerts per window, the rest go out as one digest when it closes. */
  burst?: BurstRule;
  /** `channels[].quietHours`: stories below `except` are held (or dropped) until the window ends. */
  quietHours?: QuietRule;
  /** `channels[].snooze.held`: what a snoozed subscription's matches become when the snooze ends; default digest. */
  snoozeHeld?: 'digest' | 'drop';
  /** Config subscriptions of this channel with `deliver: digest`, by id: their `every`. */
  digests?: Record<string, DigestEvery>;
  /** `channels[].updates`: later versions of an alerted story as a thread reply (default), a new message, or not at all. */
  updates?: UpdatesMode;
  /** `channels[].clusters: off`: another outlet's story of an alerted event is its own alert, not "also reported by". */
  clustersOff?: boolean;
}

export type UpdatesMode = 'thread' | 'new' | 'off';

export interface Subscription {
  id: string;
  /** ChannelTarget.id */
  channel: string;
  query: string;
  /** Feed ids it is limited to; undefined means every feed. */
  feeds?: string[];
  source: 'config' | 'command';
  /** Items first seen before this time never alert this subscription. */
  createdAt: number;
  createdBy?: string;
  /** Only stories at or above this wire urgency alert this subscription. */
  minUrgency?: Urgency;
  /** `subscriptions[].ping`: who to mention when this subscription matched an urgent enough story. */
  ping?: PingRule;
  /** `subscriptions[].deliver: digest`: its matches go out once per period, listed in one message. */
  digestEvery?: DigestEvery;
}

/** One alert for one channel: every subscription of that channel that matched the item. */
/** A piece of alert text; `highlighted` marks a matched term. */
export interface TextRun {
  kind: 'text';
  text: string;
  highlighted?: boolean;
}

export interface Alert {
  channel: string;
  subscriptions: string[];
  feed: string;
  feedName: string;
  feedUrl: string;
  /** Item identity. */
  id: string;
  /** Clean text. */
  title: string;
  link: string | null;
  /** ISO 8601 UTC or null. */
  published: string | null;
  /** Terms as typed in the queries, de-duplicated, in query order. */
  matched: string[];
  /**
   * Clean text as typed runs: the matched terms are the highlighted runs. Platforms escape each run and render
   * highlights their own way, so no character of feed text is ever read as markup.
   */
  summary: TextRun[];
  /** When the poller first saw the item (for delivery-latency metrics). */
  firstSeenAt: number;
  /**
   * `notice`: a message about the bot itself (a feed failing or recovering), not a story. `digest`: alerts
   * flood control held back, sent together (`digest` lists them). Default `alert`.
   */
  kind?: AlertKind;
  /** The held alerts of a `digest`. */
  digest?: DigestInfo;
  /** The wire urgency of the story (core/attention); absent means `routine`. */
  urgency?: Urgency;
  /** Roles to mention from the matched subscriptions' `ping` (config only; checked against the urgency). */
  pings?: string[];
  /** `update`, `kill` and `also`: the story's first alert in this channel and what this message adds to it. */
  followUp?: FollowUpInfo;
}

/**
 * `alert`: a story. `notice`: about the bot itself. `digest`: held alerts together. The lifecycle kinds follow a
 * story's first alert: `update` (a later version; a correction is an update flagged `correction`), `kill` (the
 * story was withdrawn: the first alert is edited), `also` (another outlet's story of the same event).
 */
export type AlertKind = 'alert' | 'notice' | 'digest' | 'update' | 'kill' | 'also';

export interface FollowUpInfo {
  /** Item identity of the channel's first alert of the story: the message replied to or edited. */
  firstAlertId: string;
  /** The story's headline as the channel last saw it (a kill strikes it through). */
  firstTitle?: string;
  /** Updates: the short "what changed" line (also the alert's summary). */
  whatChanged?: string;
  /** Updates flagged by the wire as a correction. */
  correction?: boolean;
  /** `channels[].updates: new`: a message of its own rather than a thread reply. */
  standalone?: boolean;
  /** Updates: the version's text fingerprint; with the item identity it names this version (its outbox key). */
  version?: string;
}

/** One story of a digest: what a reader needs to decide whether to open it. */
export interface DigestItem {
  feed: string;
  feedName: string;
  id: string;
  title: string;
  link: string | null;
  published: string | null;
  matched: string[];
  urgency?: Urgency;
}

export interface DigestInfo {
  /** Why the alerts were held: `burst` (channels[].burst), `quiet` (channels[].quietHours), `digest` (subscriptions[].deliver). */
  reason: 'burst' | 'quiet' | 'digest' | 'snooze';
  items: DigestItem[];
  /** The span the alerts were queued in: epoch ms, from the window's opening (or the first alert) to its end. */
  from: number;
  to: number;
}
