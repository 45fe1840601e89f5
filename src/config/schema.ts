/**
 * The config file's schema. Strict objects everywhere: an unknown key is an error, so typos never pass silently.
 * Every optional key has its default here (README "Configuration" and config/newsbot.schema.json follow it).
 * Cross-references (ids, queries) are checked after parsing, in check-references.ts. The platform parts
 * (channels[].platform and .channel, permissions.<platform>) come from the registered descriptors: platform-schema.ts.
 */
import { z } from 'zod';
import { FETCH_DEFAULTS, STORE_DEFAULTS } from '../core/defaults.js';
import { BACKGROUND_SHARE } from '../core/lifecycle/background-words.js';
import { SAME_EVENT_THRESHOLD } from '../core/lifecycle/event-features.js';
import { STORY_LIMITS } from '../core/lifecycle/story-state.js';
import { DEFAULT_USER_AGENT } from '../core/user-agent.js';
import {
  colorSchema,
  cronSchema,
  durationSchema,
  feedUrlSchema,
  hostPatternSchema,
  idSchema,
  intSchema,
  sizeSchema,
  storeSchema,
} from './schema-parts.js';
import { channelSchema, permissionsSchema, type PlatformSchemaPart } from './platform-schema.js';
import { DURATION_PATTERN, formatDuration, formatSize } from './units.js';
import { feedUrgencySchema, pingSchema, urgencyLevelSchema, digestEverySchema } from './attention-schema.js';

export const DEFAULT_STORE = 'sqlite://data/newsbot.sqlite';
export const DEFAULT_SCHEDULE = '*/2 * * * *';
// The same default as src/feeds, so config and fetcher agree when either is used alone.

const feedSchema = z
  .strictObject({
    id: idSchema('Feed id, used by subscriptions[].feeds and `feed:` in slash commands.'),
    url: feedUrlSchema(),
    name: z.string().min(1).optional().describe('Name shown in alerts; defaults to the feed id.'),
    schedule: cronSchema('Overrides the top-level schedule for this feed.').optional(),
    headers: z
      .record(z.string(), z.string({ error: 'header values must be strings' }))
      .optional()
      .describe('Extra HTTP request headers; use ${NAME} for secrets.'),
    color: colorSchema().optional().describe('Embed colour for this feed\'s alerts ("#rrggbb").'),
    urgency: feedUrgencySchema().optional(),
  })
  .describe('A feed to poll (RSS, Atom, RDF or JSON Feed).');

const subscriptionSchema = z
  .strictObject({
    id: idSchema('Subscription id; when absent, a stable id derived from channel + query.').optional(),
    channel: z.string({ error: 'expected a channel id from channels[]' }).min(1).describe('A channels[].id.'),
    query: z
      .string({ error: 'expected a query string, e.g. Taliban OR "Bagram air base"' })
      .trim()
      .min(1, 'the query is empty')
      .describe('Keyword query, e.g. Taliban OR "Bagram air base".'),
    feeds: z
      .array(z.string({ error: 'expected a feed id' }), { error: 'expected a list of feed ids' })
      .min(1, 'list at least one feed id, or leave out the key for all feeds')
      .optional()
      .describe('Limit to these feed ids; default every feed.'),
    minUrgency: urgencyLevelSchema('Only stories at or above this wire urgency (routine, urgent, bulletin, flash); default all.').optional(),
    ping: pingSchema().optional(),
    deliver: z
      .enum(['instant', 'digest'], { error: 'expected instant or digest' })
      .optional()
      .describe('instant: one message per story (default); digest: one message per period (every) listing its matches.'),
    every: digestEverySchema().optional(),
  })
  .superRefine((sub, ctx) => {
    if (sub.deliver === 'digest' && !sub.every) ctx.addIssue({ code: 'custom', path: ['every'], message: 'required with deliver: digest, e.g. every: 1h or "daily 08:00 Europe/Berlin"' });
    if (sub.deliver !== 'digest' && sub.every) ctx.addIssue({ code: 'custom', path: ['every'], message: 'only used with deliver: digest' });
  })
  .describe('A standing subscription.');

const fetchSchema = z
  .strictObject({
    allowPrivateNetworks: z.boolean().default(false).describe('Allow loopback, private, link-local, CGNAT and unique-local addresses.'),
    allowHosts: z.array(hostPatternSchema()).default([]).describe('CIDRs or host names allowed even when private.'),
    timeout: durationSchema().prefault(formatDuration(FETCH_DEFAULTS.timeoutMs)).describe('Total time for one fetch (connect, headers and body).'),
    maxBytes: sizeSchema().prefault(formatSize(FETCH_DEFAULTS.maxBytes)).describe('Largest decoded body accepted.'),
    userAgent: z.string().min(1).default(DEFAULT_USER_AGENT).describe('User-Agent header sent to feeds.'),
    concurrency: intSchema(1, 1024).prefault(FETCH_DEFAULTS.concurrency).describe('Feeds fetched at once.'),
    perHostConcurrency: intSchema(1, 1024).prefault(FETCH_DEFAULTS.perHostConcurrency).describe('Feeds fetched at once from one host.'),
    maxRedirects: intSchema(0, 20).prefault(FETCH_DEFAULTS.maxRedirects).describe('Redirects followed per fetch.'),
    itemCap: intSchema(1, 1_000_000).prefault(FETCH_DEFAULTS.itemCap).describe('Items read from one feed body; the rest are ignored.'),
  })
  .prefault({})
  .describe('How feeds are fetched.');

/** The whole schema for the registered platforms (src/app passes them in). */
export function buildConfigSchema(platforms: readonly PlatformSchemaPart[]) {
  return z
  .strictObject({
    store: storeSchema().default(DEFAULT_STORE).describe('memory:// | sqlite://PATH | redis://HOST:PORT[/DB]'),
    schedule: cronSchema('Default poll schedule (node-cron, 5 or 6 fields).').default(DEFAULT_SCHEDULE),
    backfill: z
      .union([z.enum(['none', 'all']), z.string().regex(new RegExp(DURATION_PATTERN), 'expected none, all or a duration like 6h'), z.number().nonnegative()], {
        error: 'expected none, all or a duration like 6h',
      })
      .transform((value) => (value === 'none' || value === 'all' ? value : (durationSchema().parse(value) as number)))
      .prefault('none')
      .describe('First poll of a feed: none (remember, do not alert), all, or a window like 6h.'),
    feeds: z.array(feedSchema, { error: 'expected a list of feeds' }).default([]),
    channels: z.array(channelSchema(platforms), { error: 'expected a list of channels' }).default([]),
    subscriptions: z.array(subscriptionSchema, { error: 'expected a list of subscriptions' }).default([]),
    fetch: fetchSchema,
    http: z
      .strictObject({
        port: intSchema(0, 65535).optional().describe('Serve /healthz, /metrics and the status page on this port (0: any free port).'),
        host: z.string().min(1).default('0.0.0.0').describe('Address the health server listens on; the status page answers on loopback only without NEWSBOT_STATUS_TOKEN.'),
      })
      .prefault({})
      .describe('Health and metrics endpoint; off unless port is set.'),
    notices: z
      .strictObject({ channel: z.string().min(1).optional().describe('A channels[].id that gets feed-failing notices.') })
      .prefault({})
      .describe('Operational notices (a feed failing, recovering).'),
    seenTtl: durationSchema().prefault(formatDuration(STORE_DEFAULTS.seenTtlMs)).describe('How long an item gone from its feed stays remembered.'),
    recentTtl: durationSchema().prefault(formatDuration(STORE_DEFAULTS.recentTtlMs, 'd')).describe('How long articles are kept for preview and subscribe.'),
    failureThreshold: intSchema(1, 1_000_000).prefault(10).describe('Consecutive failures before a feed is failing.'),
    personalAlerts: z
      .boolean({ error: 'expected true or false' })
      .optional()
      .describe('Whether anyone may subscribe to alerts by direct message with /alerts me subscribe; default true.'),
    workers: intSchema(0, 256)
      .optional()
      .describe('Worker threads that parse, extract and match feed bodies; 0 does it on the main thread. Default: one per available core.'),
    log: z
      .strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino level; logs go to stderr.'),
      })
      .prefault({})
      .describe('Logging.'),
    lifecycle: z
      .strictObject({
        // Stories are remembered for three days (STORY_LIMITS): a longer window could never match anything more.
        window: durationSchema()
          .refine((ms) => ms <= STORY_LIMITS.ttlMs, { error: 'at most 3d: stories are remembered for three days' })
          .prefault('6h').describe('Stories within this time of each other can be one event ("also reported by") or a marked version.'),
        threshold: z.number({ error: 'expected a number greater than 0 and at most 1' })
          .gt(0, { error: 'expected a number greater than 0 and at most 1' }).max(1, { error: 'expected a number greater than 0 and at most 1' })
          .default(SAME_EVENT_THRESHOLD)
          .describe('Headline + lede word overlap (Jaccard, 0–1) at which two outlets\' stories are one event; higher merges less.'),
        backgroundShare: z.number({ error: 'expected a number greater than 0 and at most 1' })
          .gt(0, { error: 'expected a number greater than 0 and at most 1' }).max(1, { error: 'expected a number greater than 0 and at most 1' })
          .default(BACKGROUND_SHARE)
          .describe('A word in more than this share of the last 4,000 articles read is background: left out of same-event comparisons. 1 turns it off.'),
      }, { error: 'expected a map with window, threshold and backgroundShare' })
      .prefault({})
      .describe('Story lifecycle: updates, kills and one event from several outlets.'),
    delivery: z
      .strictObject({
        retryBase: durationSchema().prefault('1s').describe('First retry delay; doubles per attempt.'),
        retryMax: durationSchema().prefault('5m').describe('Longest retry delay.'),
        shutdownTimeout: durationSchema().prefault('10s').describe('Time in-flight posts get on SIGTERM.'),
      })
      .prefault({})
      .describe('Retries and shutdown of alert delivery.'),
    scaleOut: z
      .strictObject({
        keyPrefix: z.string().min(1).default(STORE_DEFAULTS.keyPrefix).describe('Prefix of every key in a shared store.'),
        leaseTtl: durationSchema().prefault('30s').describe('Feed and gateway lease lifetime.'),
        claimTtl: durationSchema().prefault('30s').describe('Outbox claim lifetime.'),
      })
      .prefault({})
      .describe('Several instances sharing one Redis store.'),
    permissions: permissionsSchema(platforms),
  })
  .describe('newsbot configuration (config/newsbot.yaml).');
}

/** What the YAML may say (before defaults and conversions). */
export type ConfigInput = z.input<ReturnType<typeof buildConfigSchema>>;
type ParsedConfig = z.output<ReturnType<typeof buildConfigSchema>>;

export type FeedConfig = ParsedConfig['feeds'][number];
export type ChannelConfig = ParsedConfig['channels'][number];
export type SubscriptionConfig = Omit<ParsedConfig['subscriptions'][number], 'id'> & { id: string };
export type FetchConfig = ParsedConfig['fetch'];
export type PermissionsConfig = ParsedConfig['permissions'];

/** The fully defaulted config: durations in ms, sizes in bytes, every subscription with an id. */
export type AppConfig = Omit<ParsedConfig, 'subscriptions'> & {
  subscriptions: SubscriptionConfig[];
  /** The file it was read from (for messages). */
  file: string;
  /** Values substituted from ${NAME}: logging redacts them. */
  secrets: string[];
};
