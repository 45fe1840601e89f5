import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPool } from '../../../src/app/run-pool.js';
import { createFetcher, hostKey } from '../../../src/feeds/create-fetcher.js';
import type { PollOutcome } from '../../../src/feeds/types.js';
import { readFixture, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { manualClock } from './fetch-helpers.js';

let a: FeedServer;
let b: FeedServer;
let active = 0;
let peak = 0;
const perServer = new Map<string, { active: number; peak: number }>();
const body = readFixture('rss2-wire.xml');

function slowFeed(name: string) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const mine = perServer.get(name) ?? { active: 0, peak: 0 };
    perServer.set(name, mine);
    active++;
    mine.active++;
    peak = Math.max(peak, active);
    mine.peak = Math.max(mine.peak, mine.active);
    setTimeout(() => {
      active--;
      mine.active--;
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    }, 80);
  };
}

beforeAll(async () => {
  a = await startFeedServer({ host: '127.0.0.1' });
  b = await startFeedServer({ host: '127.0.0.5' });
  a.route('/slow', slowFeed('a'));
  b.route('/slow', slowFeed('b'));
});
afterAll(async () => {
  await a.stop();
  await b.stop();
});

describe('fetcher concurrency limits', () => {
  it('keeps at most perHostConcurrency polls per host (fetcher) and concurrency overall (runPool, as the scheduler does)', async () => {
    const fetcher = createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.0/8'], perHostConcurrency: 2 });
    try {
      // Clustered as a config lists them: all of a, then all of b. b must not wait for a's queue.
      const feeds = [...Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, url: `${a.url('/slow')}?n=${i}` })),
        ...Array.from({ length: 6 }, (_, i) => ({ id: `b${i}`, url: `${b.url('/slow')}?n=${i}` }))];
      const outcomes: PollOutcome[] = [];
      let bStartedWhileAQueued = false;
      let aDone = 0;
      await runPool(feeds, 3, async (feed) => {
        if (feed.id.startsWith('b') && aDone < 6) bStartedWhileAQueued = true;
        outcomes.push(await fetcher.poll(feed, undefined));
        if (feed.id.startsWith('a')) aDone++;
      }, { keyOf: (feed) => hostKey(feed.url), perKey: 2 });
      expect(outcomes.length).toBe(12);
      expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
      expect(perServer.get('a')!.peak).toBe(2);
      expect(perServer.get('b')!.peak).toBeLessThanOrEqual(2);
      expect(peak).toBe(3);
      expect(bStartedWhileAQueued).toBe(true);
    } finally {
      await fetcher.close();
    }
  });

  it('the fetcher alone caps each host, whoever calls it', async () => {
    perServer.clear();
    peak = 0;
    const fetcher = createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.0/8'], perHostConcurrency: 2 });
    try {
      const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => fetcher.poll({ id: `a${i}`, url: `${a.url('/slow')}?m=${i}` }, undefined)));
      expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
      expect(perServer.get('a')!.peak).toBe(2);
    } finally {
      await fetcher.close();
    }
  });
});
