/**
 * Checks that need the whole config: duplicate ids, references between sections, queries (through the injected
 * parser, so src/config does not depend on the query language), and derived subscription ids.
 */
import { createHash } from 'node:crypto';
import type { SubscriptionConfig } from './schema.js';
import type { ConfigPath, SubstitutionProblem } from './substitute-env.js';

export type QueryValidator = (query: string) => string | null;

interface CheckedShape {
  feeds: Array<{ id: string }>;
  channels: Array<{ id: string }>;
  subscriptions: Array<Omit<SubscriptionConfig, 'id'> & { id?: string | undefined }>;
  notices: { channel?: string | undefined };
  delivery: { retryBase: number; retryMax: number };
}

/** A stable id for a subscription without one: the same channel and query always give the same id. */
export function deriveSubscriptionId(channel: string, query: string): string {
  const normalised = query.trim().replace(/\s+/g, ' ');
  return `sub-${createHash('sha256').update(`${channel}\u0000${normalised}`).digest('hex').slice(0, 10)}`;
}

export function checkReferences(
  config: CheckedShape,
  validateQuery?: QueryValidator,
): { subscriptions: SubscriptionConfig[]; problems: SubstitutionProblem[] } {
  const problems: SubstitutionProblem[] = [];
  const report = (path: ConfigPath, detail: string) => problems.push({ path, detail });

  const feedIds = findDuplicates(config.feeds, 'feeds', 'feed', report);
  const channelIds = findDuplicates(config.channels, 'channels', 'channel', report);

  const subscriptions: SubscriptionConfig[] = [];
  const subscriptionAt = new Map<string, number>();
  config.subscriptions.forEach((sub, index) => {
    const id = sub.id ?? deriveSubscriptionId(sub.channel, sub.query);
    const earlier = subscriptionAt.get(id);
    if (earlier !== undefined) {
      if (sub.id !== undefined) report(['subscriptions', index, 'id'], `duplicate subscription id "${id}" (also subscriptions[${earlier}])`);
      else report(['subscriptions', index], `duplicate subscription: same channel and query as subscriptions[${earlier}]`);
    } else {
      subscriptionAt.set(id, index);
    }
    if (!channelIds.has(sub.channel)) report(['subscriptions', index, 'channel'], `no channel with id "${sub.channel}" in channels[]`);
    sub.feeds?.forEach((feed, feedIndex) => {
      if (!feedIds.has(feed)) report(['subscriptions', index, 'feeds', feedIndex], `no feed with id "${feed}" in feeds[]`);
    });
    const queryError = validateQuery?.(sub.query) ?? null;
    if (queryError !== null) report(['subscriptions', index, 'query'], queryError);
    subscriptions.push({ ...sub, id });
  });

  const notices = config.notices.channel;
  if (notices !== undefined && !channelIds.has(notices)) report(['notices', 'channel'], `no channel with id "${notices}" in channels[]`);
  if (config.delivery.retryMax < config.delivery.retryBase) report(['delivery', 'retryMax'], 'must not be shorter than delivery.retryBase');
  return { subscriptions, problems };
}

function findDuplicates(
  items: Array<{ id: string }>,
  section: string,
  noun: string,
  report: (path: ConfigPath, detail: string) => void,
): Set<string> {
  const firstAt = new Map<string, number>();
  items.forEach((item, index) => {
    const earlier = firstAt.get(item.id);
    if (earlier === undefined) firstAt.set(item.id, index);
    else report([section, index, 'id'], `duplicate ${noun} id "${item.id}" (also ${section}[${earlier}])`);
  });
  return new Set(firstAt.keys());
}

const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|x-auth-token)$/i;

/**
 * Secrets come only from the environment: a credential header written literally in the file is refused,
 * before substitution (`raw` is the document as written).
 */
export function findLiteralCredentials(raw: unknown): SubstitutionProblem[] {
  const feeds = (raw as { feeds?: unknown } | null)?.feeds;
  if (!Array.isArray(feeds)) return [];
  const problems: SubstitutionProblem[] = [];
  feeds.forEach((feed, index) => {
    const headers = (feed as { headers?: unknown } | null)?.headers;
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return;
    for (const [name, value] of Object.entries(headers)) {
      if (CREDENTIAL_HEADERS.test(name) && typeof value === 'string' && !value.includes('${')) {
        problems.push({
          path: ['feeds', index, 'headers', name],
          detail: `credentials come from the environment: write e.g. "Bearer \${${envNameFor(feed)}}" and set that variable`,
        });
      }
    }
  });
  return problems;
}

function envNameFor(feed: unknown): string {
  const id = (feed as { id?: unknown } | null)?.id;
  const base = typeof id === 'string' ? id.toUpperCase().replace(/[^A-Z0-9]+/g, '_') : 'FEED';
  return `${base}_TOKEN`;
}
