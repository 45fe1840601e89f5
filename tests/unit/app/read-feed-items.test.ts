/**
 * What a poll reads from a body: a first poll that backfills nothing keeps each item's markup for previews
 * without extracting or matching it; any other read extracts and matches every new item.
 */
import { expect, test } from 'vitest';
import { readFeedItems, type ReadPlan } from '../../../src/app/read-feed-items.js';
import { RECENT_RAW_LIMIT } from '../../../src/core/defaults.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { prepareStory } from '../../../src/core/lifecycle/prepare-story.js';

const NOW = Date.parse('2021-07-06T12:00:00Z');
const matcher = compileMatcher([{ id: 'bagram', query: 'Bagram' }]);
const opts = { feedId: 'wire', url: 'https://wire.example/rss' };

function feed(): Buffer {
  const long = '<p>Convoys left the base at night.</p>'.repeat(300);
  const items = [
    `<item><guid>a</guid><title>US forces leave &lt;b&gt;Bagram&lt;/b&gt;</title><pubDate>Tue, 06 Jul 2021 11:00:00 GMT</pubDate>` +
      `<description>${escape(`<p>The last troops left <b>Bagram</b> air base.</p>${long}`)}</description></item>`,
    `<item><guid>b</guid><title>Market report</title><pubDate>Tue, 06 Jul 2021 10:00:00 GMT</pubDate>` +
      `<description>${escape('<p>Prices rose.</p>')}</description></item>`,
  ];
  return Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>${items.join('')}</channel></rss>`);
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

test('a first poll with backfill none keeps raw, capped markup and neither extracts nor matches', async () => {
  const plan: ReadPlan = { known: [], firstPoll: true, backfill: 'none', now: NOW };
  const read = await readFeedItems(feed(), opts, plan, matcher);
  expect(read.ids).toEqual(['a', 'b']);
  expect(read.fresh.map((f) => f.raw)).toEqual([true, true]);
  const [a] = read.fresh;
  expect(a!.hits).toEqual([]);
  expect(a!.prepared).toBeUndefined();
  expect(a!.title).toBe('US forces leave <b>Bagram</b>');
  expect(a!.text.startsWith('<p>The last troops left <b>Bagram</b> air base.</p>')).toBe(true);
  expect(a!.text.length).toBe(RECENT_RAW_LIMIT);
});

test('a backfilled first poll and every later poll extract and match new items', async () => {
  for (const plan of [
    { known: [], firstPoll: true, backfill: 'all', now: NOW },
    { known: [], firstPoll: true, backfill: 90 * 60_000, now: NOW },
    { known: ['b'], firstPoll: false, backfill: 'none', now: NOW },
  ] satisfies ReadPlan[]) {
    const read = await readFeedItems(feed(), opts, plan, matcher);
    const a = read.fresh.find((f) => f.article.id === 'a')!;
    expect(a.raw, JSON.stringify(plan)).toBeUndefined();
    expect(a.title).toBe('US forces leave Bagram');
    expect(a.text.startsWith('The last troops left Bagram air base.')).toBe(true);
    expect(a.hits.map((h) => h.id)).toEqual(['bagram']);
  }
});

test('a first poll backfilling the last hour extracts only what it will match', async () => {
  const read = await readFeedItems(feed(), opts, { known: [], firstPoll: true, backfill: 90 * 60_000, now: NOW }, matcher);
  expect(read.fresh.map((f) => [f.article.id, f.raw ?? false])).toEqual([['a', false], ['b', true]]);
});

test('an extracted item carries its story as the lifecycle reads it from the clean text; a raw one does not', async () => {
  const read = await readFeedItems(feed(), opts, { known: [], firstPoll: false, backfill: 'none', now: NOW }, matcher);
  for (const f of read.fresh) {
    expect(f.story).toEqual(prepareStory({ feedId: 'wire', id: f.article.id, title: f.title, body: f.text, link: f.article.link,
      published: f.article.published }, NOW));
  }
  expect(read.fresh[0]!.story).toMatchObject({ feedId: 'wire', headline: 'US forces leave Bagram', at: Date.parse('2021-07-06T11:00:00Z') });
  const raw = await readFeedItems(feed(), opts, { known: [], firstPoll: true, backfill: 'none', now: NOW }, matcher);
  expect(raw.fresh.map((f) => f.story)).toEqual([undefined, undefined]);
});
