/**
 * A busy hour for the status page, written for review: eight feeds in every health, four channels, 100 alerts in
 * every delivery state and a latency series with a slow spell. Deterministic (seeded), so screenshots compare.
 */
import { createRandom } from '../../../bench/lib/seeded-random.js';
import type { AlertRow, StatusView } from '../../../src/app/status-page/collect-status-view.js';
import { computeLatencySeries } from '../../../src/app/status-page/latency-series.js';
import type { FeedStatus } from '../../../src/app/status-command.js';

const MIN = 60_000;

export function sampleStatusView(now: number): StatusView {
  const random = createRandom(17);
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const feed = (id: string, name: string, failures: number, error: string | null, backoff: number | null): FeedStatus => ({
    id, name, url: `https://wire.example/${id}.xml${id === 'afp-world' ? '?key=***' : ''}`, lastPoll: iso(now - 40_000),
    lastSuccess: iso(failures >= 3 ? now - 95 * MIN : now - 40_000), lastError: error, consecutiveFailures: failures,
    failing: failures >= 3, nextPoll: iso(backoff ?? now + 80_000), backoffUntil: iso(backoff),
  });
  const feeds = [
    feed('afp-world', 'AFP World', 0, null, null),
    feed('reuters-asia', 'Reuters Asia', 0, null, null),
    feed('ap-top', 'AP Top Stories', 1, 'timeout: no answer within 20 s', now + 60_000),
    feed('bbc-south-asia', 'BBC South Asia', 0, null, null),
    feed('dpa-intl', 'dpa International', 12, 'http: HTTP 503', now + 42 * MIN),
    feed('kyodo', 'Kyodo News', 0, null, null),
    feed('tolo', 'TOLOnews', 0, null, null),
    feed('pajhwok', 'Pajhwok Afghan News', 0, null, null),
  ];
  const channels = [
    { id: 'foreign-desk', platform: 'discord', pending: 0, disabled: null, subscriptions: [
      { id: 'afghanistan', query: 'Taliban OR "Bagram air base"', feeds: null, source: 'config' as const },
      { id: 'discord-7f3a', query: 'Kabul -cricket', feeds: ['afp-world', 'tolo'], source: 'command' as const }] },
    { id: 'asia-desk', platform: 'slack', pending: 3, disabled: null, subscriptions: [
      { id: 'asia-quake', query: 'earthquake OR tsunami', feeds: null, source: 'config' as const }] },
    { id: 'sports', platform: 'slack', pending: 2, disabled: 'slack channel_not_found', subscriptions: [
      { id: 'cricket', query: 'cricket title:Afghanistan', feeds: null, source: 'config' as const }] },
    { id: 'ops', platform: 'console', pending: 0, disabled: null, subscriptions: [] },
  ];
  const samples = [];
  for (let at = now - 59.5 * MIN; at < now; at += 20_000 + random() * 40_000) {
    // A slow spell twenty minutes ago (a platform rate limiting us), otherwise a few seconds.
    const slow = at > now - 25 * MIN && at < now - 17 * MIN;
    samples.push({ at, ms: Math.round((slow ? 9000 : 1200) + random() * (slow ? 30_000 : 3500)) });
  }
  const headlines = ['Taliban take control of border crossing', 'Flights resume at Bagram air base', 'Kabul <b>markets</b> reopen after curfew',
    'Earthquake of magnitude 6.1 strikes off Honshu', 'Ministers meet on aid corridor', 'Cricket board names new captain'];
  const alerts: AlertRow[] = Array.from({ length: 100 }, (_, i) => {
    const enqueuedAt = now - i * 35_000 - 5000;
    const channel = channels[i % 3]!.id;
    const state: AlertRow['state'] = channel === 'sports' ? { kind: 'waiting', reason: 'slack channel_not_found' }
      : i === 1 ? { kind: 'retrying', attempts: 3, nextAttemptAt: now + 8000, error: 'slack: ratelimited (retry after 8 s)' }
      : i === 0 ? { kind: 'queued' }
      : { kind: 'delivered', sentAt: enqueuedAt + 1800 + (i % 7) * 400, latencyMs: 1800 + (i % 7) * 400 };
    const source = feeds[i % feeds.length]!;
    return {
      key: `${channel}\u0000item-${i}`, channel, enqueuedAt, state,
      alert: { id: `item-${i}`, feed: source.id, feedName: source.name, title: headlines[i % headlines.length]!,
        link: `https://wire.example/story/${i}`, matched: i % 2 ? ['Taliban'] : ['"Bagram air base"', 'Kabul'], kind: 'alert',
        firstSeenAt: enqueuedAt - 1000 },
    };
  });
  return { now, feeds, channels, alerts, latency: computeLatencySeries(samples, now) };
}
