import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
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
  it('keeps at most perHostConcurrency polls per host and concurrency overall', async () => {
    const fetcher = createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.0/8'], concurrency: 3, perHostConcurrency: 2 });
    try {
      const polls = [];
      for (let i = 0; i < 6; i++) {
        polls.push(fetcher.poll({ id: `a${i}`, url: `${a.url('/slow')}?n=${i}` }, undefined));
        polls.push(fetcher.poll({ id: `b${i}`, url: `${b.url('/slow')}?n=${i}` }, undefined));
      }
      const outcomes = await Promise.all(polls);
      expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
      expect(perServer.get('a')!.peak).toBe(2);
      expect(perServer.get('b')!.peak).toBeLessThanOrEqual(2);
      expect(peak).toBe(3);
    } finally {
      await fetcher.close();
    }
  });
});
