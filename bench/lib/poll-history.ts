/**
 * What one changed feed costs the store once history has accumulated: the recent-articles window (kept for
 * preview and subscribe, up to 500 per feed for 7 days) is read, merged and written back whole on every poll
 * that finds a new item. A fresh store (the poll-cycle bench) holds ~35 per feed; a week of a busy wire
 * holds 500. Measured on the real SQLite store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredArticle } from '../../src/core/ports.js';
import { openStores } from '../../src/store/open-stores.js';
import { fmt } from './poll-measure.js';

const CALLS = 20;

export interface HistoryRow {
  kept: number;
  textChars: number;
  msPerAdd: number;
}

export async function measureRecentWindow(): Promise<HistoryRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'newsbot-bench-recent-'));
  let now = Date.now();
  const stores = await openStores(`sqlite://${join(dir, 'recent.sqlite')}`, { clock: { now: () => now } });
  const article = (feedId: string, i: number, chars: number): StoredArticle => ({
    feedId, id: `${feedId}-${i}`, title: `Story ${i}`, text: 'word '.repeat(chars / 5), link: null, published: null, firstSeenAt: now,
  });
  const rows: HistoryRow[] = [];
  try {
    for (const [kept, textChars] of [[35, 600], [500, 600], [500, 4000]] as const) {
      const feedId = `feed-${kept}-${textChars}`;
      await stores.recent.add(feedId, Array.from({ length: kept }, (_, i) => article(feedId, i, textChars)));
      const started = performance.now();
      for (let i = 0; i < CALLS; i++) {
        now += 60_000;
        await stores.recent.add(feedId, [article(feedId, kept + i, textChars)]);
      }
      rows.push({ kept, textChars, msPerAdd: (performance.now() - started) / CALLS });
    }
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function renderRecentWindow(rows: HistoryRow[]): string {
  return `Store cost of one changed feed as history accumulates (\`stores.recent.add\` of one new article on SQLite,
${CALLS} calls each; the event loop is blocked for all of it):

| articles kept for the feed | text per article | ms per changed feed | 1,000 changed feeds |
|---|---|---|---|
${rows.map((r) => `| ${r.kept} | ${r.textChars} chars | ${fmt(r.msPerAdd)} | ${fmt(r.msPerAdd, 0)} s |`).join('\n')}`;
}
