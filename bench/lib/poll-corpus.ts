/**
 * Synthetic wire feeds and subscriptions for the poll-cycle, latency, memory and pipeline benches.
 * Deterministic: feed f at version v always renders the same bytes, so the server child process and the
 * bench agree on what "5% new" means without sharing state.
 *
 * A feed holds 20–50 items (by feed number). Each version slides the window by 5% of its length
 * (rounded, at least one item): the newest items are new, the oldest drop out, as on a real wire feed.
 */
import { createRandom } from './seeded-random.js';

/** Filler words: common English that no subscription asks for. */
const FILLER = ('the a of to in and said on for with at by from as after officials minister talks forces border ' +
  'week report capital election ceasefire convoy province agency northern southern trade sanctions summit ' +
  'protest hospital rescue storm flood airport council government police army court vote parliament leaders ' +
  'people city region country security economy market prices workers strike water power aid health schools').split(' ');

const SYLLABLES = ('ka ri to ma ne su lo vi da pe zu ho ba ki mo ra te lu no fa ga si re ya wo che zi ta').split(' ');

/** Named entities (people, places, organisations): the words subscriptions ask for. */
export const ENTITY_COUNT = 20_000;
const entities: string[] = (() => {
  const r = createRandom(7);
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < ENTITY_COUNT) {
    const n = 3 + Math.floor(r() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (seen.has(w)) continue;
    seen.add(w);
    out.push(w[0]!.toUpperCase() + w.slice(1));
  }
  return out;
})();

/** Skewed towards the first entities, as news is: a few names are in many stories. */
function pickEntity(r: () => number): string {
  return entities[Math.floor(ENTITY_COUNT * r() ** 2)]!;
}

/**
 * BENCH_CORPUS=wide (set for the feed host by startBenchFeedServer): filler drawn from 20,000 made-up lower-case
 * words instead of the 80 common ones. With 80 words every story shares half its wording with every other, which
 * the story lifecycle reads as one event told by 120 outlets; a wire's real vocabulary is this wide. The words
 * are random letters (so their first five, what the clusterer compares, differ too), and none is an entity name,
 * so no subscription matches them.
 */
const WIDE = process.env.BENCH_CORPUS === 'wide';
const wideFiller: string[] = (() => {
  if (!WIDE) return [];
  const r = createRandom(11);
  const names = new Set(entities.map((e) => e.toLowerCase()));
  const seen = new Set<string>();
  while (seen.size < 20_000) {
    let w = '';
    for (let i = 0, n = 6 + Math.floor(r() * 4); i < n; i++) w += String.fromCharCode(97 + Math.floor(r() * 26));
    if (!names.has(w)) seen.add(w);
  }
  return [...seen];
})();

function pickFiller(r: () => number): string {
  return WIDE ? wideFiller[Math.floor(r() * wideFiller.length)]! : FILLER[Math.floor(r() * FILLER.length)]!;
}

function words(r: () => number, count: number, entityShare: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r() < entityShare ? pickEntity(r) : pickFiller(r));
  return out.join(' ');
}

export function itemCount(feed: number): number {
  return 20 + ((feed * 7919) % 31);
}

/** Items that appear per version (5% of the feed, at least one). */
export function newPerVersion(feed: number): number {
  return Math.max(1, Math.round(itemCount(feed) * 0.05));
}

export interface ItemExtra {
  /** Sequence number of the item (its identity within the feed). */
  seq: number;
  title: string;
}

const BASE_TIME = Date.UTC(2026, 10, 25, 12, 0, 0);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function itemLink(feed: number, seq: number): string {
  return `https://wire.example/f${feed}/story/${seq}`;
}

function renderItem(feed: number, seq: number, title?: string): string {
  const r = createRandom(feed * 1_000_003 + seq);
  const heading = title ?? words(r, 8 + Math.floor(r() * 5), 0.25);
  const body = `<p>${escapeXml(words(r, 30 + Math.floor(r() * 30), 0.08))}.</p><p>${escapeXml(words(r, 20, 0.08))}.</p>`;
  const date = new Date(BASE_TIME + seq * 60_000).toUTCString();
  return `<item><title>${escapeXml(heading)}</title><link>${itemLink(feed, seq)}</link>` +
    `<guid isPermaLink="false">f${feed}-${seq}</guid><pubDate>${date}</pubDate><category>World</category>` +
    `<description>${escapeXml(body)}</description></item>`;
}

/**
 * RSS 2.0 of `feed` at `version`, newest first. `extra` items (latency bench) sit on top with their own
 * sequence numbers, which start above every sliding-window number.
 */
export function renderFeed(feed: number, version: number, extra: readonly ItemExtra[] = []): string {
  const n = itemCount(feed);
  const newest = version * newPerVersion(feed) + n - 1;
  const parts: string[] = [];
  for (let i = extra.length - 1; i >= 0; i--) parts.push(renderItem(feed, extra[i]!.seq, extra[i]!.title));
  for (let seq = newest; seq > newest - n; seq--) parts.push(renderItem(feed, seq));
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire ${feed}</title>` +
    `<link>https://wire.example/f${feed}/</link><description>Bench wire ${feed}</description>\n${parts.join('\n')}</channel></rss>`;
}

/** Items of `feed` that version `version` adds over the version before it. */
export function countNew(feeds: number, version: number): number {
  let total = 0;
  for (let f = 0; f < feeds; f++) total += version === 0 ? itemCount(f) : Math.min(itemCount(f), newPerVersion(f));
  return total;
}

export interface BenchSubscription {
  id: string;
  channel: string;
  query: string;
}

/**
 * `count` keyword subscriptions over `channels` console channels: mostly one name, some phrases of two,
 * some OR and some exclusions, the shapes a desk types. Only the first `matching` ask for names that occur
 * in the feeds; the rest ask for names that never do (a large deployment's many rare names), so alerts per
 * article stay those of `matching` subscriptions while the matcher holds all `count`.
 */
export function createSubscriptions(count: number, channels: number, matching = count): BenchSubscription[] {
  const hit = createRandom(99);
  const rare = createRandom(101);
  const out: BenchSubscription[] = [];
  for (let i = 0; i < count; i++) {
    const r = i < matching ? hit : rare;
    // "berg" cannot come out of the syllable table, so these names are never in a feed.
    const any = i < matching ? () => entities[Math.floor(r() * ENTITY_COUNT)]! : () => `${entities[Math.floor(r() * ENTITY_COUNT)]!}berg`;
    const roll = r();
    const query = roll < 0.6 ? any()
      : roll < 0.75 ? `${any()} OR ${any()}`
        : roll < 0.9 ? `${any()} -${any()}`
          : `"${any()} ${FILLER[Math.floor(r() * FILLER.length)]}"`;
    out.push({ id: `s${i}`, channel: `desk-${i % channels}`, query });
  }
  return out;
}
