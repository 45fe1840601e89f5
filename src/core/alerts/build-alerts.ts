import { choosePing } from '../attention/ping.js';
import { meetsUrgency, type Urgency } from '../attention/urgency.js';
import type { Alert, Article, Subscription, TextRun } from '../model.js';

export interface FeedInfo {
  id: string;
  name: string;
  url: string;
}

export interface SubscriptionHit {
  id: string;
  matched: string[];
}

export interface BuildAlertsInput {
  feed: FeedInfo;
  article: Article;
  /** Clean headline. */
  title: string;
  hits: readonly SubscriptionHit[];
  subscriptions: ReadonlyMap<string, Subscription>;
  firstSeenAt: number;
  summarize: (matched: string[]) => TextRun[];
  /** The story's wire urgency (default `routine`). */
  urgency?: Urgency;
  /** `channels[].minUrgency` by channel id. */
  channelFloors?: ReadonlyMap<string, Urgency>;
}

/**
 * Turns matcher hits for one article into one alert per channel. A subscription limited to other feeds,
 * or created after the item was first seen, does not count: a new subscription never digs up old news. Nor
 * does one whose `minUrgency` (or its channel's) is above the story's urgency.
 */
export function buildAlerts(input: BuildAlertsInput): Alert[] {
  const urgency = input.urgency ?? 'routine';
  const byChannel = new Map<string, { subs: string[]; matched: string[]; pings: string[] }>();
  for (const hit of input.hits) {
    const sub = input.subscriptions.get(hit.id);
    if (!sub) continue;
    if (sub.feeds && !sub.feeds.includes(input.feed.id)) continue;
    if (sub.createdAt > input.firstSeenAt) continue;
    if (!meetsUrgency(urgency, sub.minUrgency) || !meetsUrgency(urgency, input.channelFloors?.get(sub.channel))) continue;
    let group = byChannel.get(sub.channel);
    if (!group) {
      group = { subs: [], matched: [], pings: [] };
      byChannel.set(sub.channel, group);
    }
    group.subs.push(sub.id);
    const role = choosePing(sub.ping, { urgency });
    if (role && !group.pings.includes(role)) group.pings.push(role);
    for (const term of hit.matched) if (!group.matched.includes(term)) group.matched.push(term);
  }
  const alerts: Alert[] = [];
  for (const [channel, group] of byChannel) {
    alerts.push({
      channel,
      subscriptions: group.subs,
      feed: input.feed.id,
      feedName: input.feed.name,
      feedUrl: input.feed.url,
      id: input.article.id,
      title: input.title,
      link: input.article.link,
      published: input.article.published,
      matched: group.matched,
      summary: input.summarize(group.matched),
      firstSeenAt: input.firstSeenAt,
      urgency,
      ...(group.pings.length ? { pings: group.pings } : {}),
    });
  }
  return alerts;
}
