/**
 * The digest of a flood-controlled window: one message listing the alerts held back, in queue order. Pure; each
 * platform lays it out (console and webhook: the alert document with `items`).
 */
import type { DigestEvery, QuietHours } from '../attention/schedule.js';
import { formatClockTime } from '../attention/zoned-time.js';
import type { Alert, DigestItem } from '../model.js';
import { truncateAtWord } from '../text/truncate-at-word.js';

/** Why the alerts were held, with what the digest's title says about it. */
export type DigestSpec =
  | { reason: 'burst'; start: number; closesAt: number; max: number; perMs: number }
  | { reason: 'quiet'; until: number; quiet: QuietHours }
  | { reason: 'digest'; until: number; subscription: string; every: DigestEvery }
  | { reason: 'snooze'; until: number; subscription: string };

const SUMMARY_MAX = 300;
/** Stories per digest message: a longer window goes out as several digests, each readable at a glance. */
export const DIGEST_MAX_ITEMS = 20;

export function buildDigestAlert(channel: string, members: readonly Alert[], spec: DigestSpec): Alert {
  const items: DigestItem[] = members.map((a) => ({
    feed: a.feed, feedName: a.feedName, id: a.id, title: a.title, link: a.link, published: a.published, matched: a.matched,
    ...(a.urgency ? { urgency: a.urgency } : {}),
  }));
  const n = items.length;
  const from = spec.reason === 'burst' ? spec.start : Math.min(...members.map((a) => a.firstSeenAt));
  const to = spec.reason === 'burst' ? spec.closesAt : spec.until;
  return {
    channel,
    subscriptions: unique(members.flatMap((a) => a.subscriptions)),
    feed: 'digest',
    feedName: FEED_NAMES[spec.reason],
    feedUrl: '',
    // Stable for the same window and alerts, so a resend after a crash is the same message.
    id: `digest:${spec.reason}:${from}:${members[0]?.id ?? ''}:${n}`,
    title: titleOf(spec, n),
    link: null,
    published: null,
    matched: unique(members.flatMap((a) => a.matched)),
    summary: [{ kind: 'text', text: truncateAtWord(items.map((i) => `${i.title} (${i.feedName})`).join('; '), SUMMARY_MAX) }],
    firstSeenAt: Math.min(...members.map((a) => a.firstSeenAt)),
    kind: 'digest',
    digest: { reason: spec.reason, items, from, to },
  };
}

const FEED_NAMES: Record<DigestSpec['reason'], string> = { burst: 'Flood control', quiet: 'Quiet hours', digest: 'Digest', snooze: 'Snooze' };

function titleOf(spec: DigestSpec, n: number): string {
  const stories = `${n} ${n === 1 ? 'story' : 'stories'}`;
  if (spec.reason === 'burst') return `${n} more ${n === 1 ? 'story' : 'stories'} matched (more than ${spec.max} in ${formatSpan(spec.perMs)})`;
  if (spec.reason === 'quiet') {
    const { from, to, tz } = spec.quiet;
    return `${stories} matched during quiet hours (${formatClockTime(from)}–${formatClockTime(to)} ${tz})`;
  }
  if (spec.reason === 'snooze') return `${stories} matched while ${spec.subscription} was snoozed`;
  return `Digest for ${spec.subscription}: ${stories} (${describeEvery(spec.every)})`;
}

/** "every 1 h", "daily at 08:00 Asia/Kabul". */
export function describeEvery(every: DigestEvery): string {
  return every.kind === 'interval' ? `every ${formatSpan(every.ms)}` : `daily at ${formatClockTime(every.minute)} ${every.tz}`;
}

/** "90 s", "2 min", "1 h 30 min". */
export function formatSpan(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
