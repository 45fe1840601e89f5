/**
 * Smoke run of the poll benches with small numbers: the scenarios drive the real app end to end and count
 * what they claim to count. No timing assertions (figures are bench/'s business).
 */
import { expect, test } from 'vitest';
import { runSmall } from '../../../bench/poll-cycle.js';
import { countNew, createSubscriptions, itemCount, newPerVersion, renderFeed } from '../../../bench/lib/poll-corpus.js';
import { profileStages } from '../../../bench/lib/poll-profile.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { prepareArticle } from '../../../src/core/matcher/prepare-article.js';

const guids = (xml: string) => new Set([...xml.matchAll(/<guid[^>]*>([^<]+)<\/guid>/g)].map((m) => m[1]));

test('a feed version adds 5% new items (at least one) and drops as many old ones', () => {
  for (const feed of [0, 7, 123]) {
    const v0 = guids(renderFeed(feed, 0));
    const v1 = guids(renderFeed(feed, 1));
    expect(v0.size).toBe(itemCount(feed));
    expect(v1.size).toBe(itemCount(feed));
    expect([...v1].filter((g) => !v0.has(g))).toHaveLength(newPerVersion(feed));
    expect(itemCount(feed)).toBeGreaterThanOrEqual(20);
    expect(itemCount(feed)).toBeLessThanOrEqual(50);
  }
});

test('subscriptions beyond `matching` never match feed text', () => {
  const rare = createSubscriptions(300, 5, 0);
  const matcher = compileMatcher(rare);
  const xml = renderFeed(3, 0);
  const titles = [...xml.matchAll(/<title>([^<]+)<\/title>/g)].map((m) => m[1]!);
  expect(titles.length).toBeGreaterThan(20);
  for (const title of titles) expect(matcher.match(prepareArticle(title, xml))).toEqual([]);
  const common = compileMatcher(createSubscriptions(2_000, 5));
  expect(titles.some((t) => common.match(prepareArticle(t, '')).length > 0)).toBe(true);
});

test('poll-cycle smoke: baseline, first, steady and 304 cycles through the real app', async () => {
  const feeds = 12;
  const { cycles, baseline } = await runSmall(feeds);
  expect(baseline).toMatchObject({ feeds, failures: 0, items: countNew(feeds, 0) });
  const [first, steady, unchanged] = cycles;
  expect(first).toMatchObject({ cycle: 'first', ok: feeds, notModified: 0, failures: 0, alerts: 0, items: countNew(feeds, 0) });
  expect(steady).toMatchObject({ cycle: 'steady', ok: feeds, notModified: 0, failures: 0, items: countNew(feeds, 1) });
  expect(unchanged).toMatchObject({ cycle: 'unchanged', ok: 0, notModified: feeds, failures: 0, alerts: 0 });
}, 60_000);

test('the stage profiler charges samples to the stage of our code', async () => {
  const { profile } = await profileStages(async () => {
    const matcher = compileMatcher(createSubscriptions(2_000, 5));
    const xml = renderFeed(1, 0);
    const until = Date.now() + 300;
    while (Date.now() < until) matcher.match(prepareArticle('Taliban', xml));
  });
  expect(profile.busyMs).toBeGreaterThan(100);
  expect(profile.ms['text + match']).toBeGreaterThan(profile.busyMs / 2);
});
