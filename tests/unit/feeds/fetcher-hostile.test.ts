import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import type { PollOutcome } from '../../../src/feeds/types.js';
import { sequence, startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { routeHostileFeeds } from '../../helpers/hostile-feeds.js';
import { manualClock } from './fetch-helpers.js';

// One route per hostile case (issue 7), polled together in one cycle next to a healthy feed.
const TIMEOUT_MS = 5_000;
const CANARY = 'CANARY-XXE-HOSTILE-0b7d';
let server: FeedServer;
let secretDir: string;

beforeAll(async () => {
  secretDir = await mkdtemp(path.join(tmpdir(), 'newsbot-hostile-'));
  const secretFile = path.join(secretDir, 'secret.txt');
  await writeFile(secretFile, CANARY);
  server = await startFeedServer();
  server.route('/healthy', { file: 'rss2-wire.xml' });
  routeHostileFeeds(server, secretFile);
  server.route('/flip', sequence([{ status: 500 }, { file: 'rss2-wire.xml' }]));
});
afterAll(async () => {
  await server.stop();
  await rm(secretDir, { recursive: true, force: true });
});

describe('hostile feeds in one cycle', () => {
  it('classifies or degrades each case, keeps the healthy feed working, ends in time with bounded memory', { timeout: 30_000 }, async () => {
    const fetcher = createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.1'], timeoutMs: TIMEOUT_MS });
    const ids = ['healthy', 'laughs', 'xxe', 'endless', 'bomb', 'drip', 'silent', 'invalid-utf8', 'html', 'huge', 'flip'];
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = 0;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const started = Date.now();
    let outcomes: PollOutcome[];
    try {
      outcomes = await Promise.all(ids.map((id) => fetcher.poll({ id, url: server.url(`/${id}`) }, undefined)));
    } finally {
      clearInterval(sampler);
      await fetcher.close();
    }
    const elapsed = Date.now() - started;
    const by = Object.fromEntries(ids.map((id, i) => [id, outcomes[i]!]));
    const summary = (o: PollOutcome) => (o.kind === 'failed' ? `failed:${o.error.kind}` : o.kind);

    expect(summary(by['healthy']!)).toBe('fetched');
    expect(by['healthy']!.kind === 'fetched' && by['healthy']!.articles).toHaveLength(3);
    expect(Object.fromEntries(ids.map((id) => [id, summary(by[id]!)]))).toEqual({
      healthy: 'fetched',
      laughs: 'fetched',
      xxe: 'fetched',
      endless: 'failed:too-large',
      bomb: 'failed:too-large',
      drip: 'failed:timeout',
      silent: 'failed:timeout',
      'invalid-utf8': 'fetched',
      html: 'failed:not-a-feed',
      huge: 'fetched',
      flip: 'failed:http',
    });
    const laughs = by['laughs']!;
    expect(laughs.kind === 'fetched' && laughs.articles[0]!.title).toBe('&lol9;');
    expect(JSON.stringify(by['xxe'])).not.toContain(CANARY);
    const utf = by['invalid-utf8']!;
    expect(utf.kind === 'fetched' && utf.warnings).toContain('invalid UTF-8 sequences replaced');
    const huge = by['huge']!;
    expect(huge.kind === 'fetched' && huge.articles.length).toBe(5_000);
    expect(huge.kind === 'fetched' && huge.warnings.join()).toMatch(/more than 5000 items/);

    // The cycle is bounded by the total timeout (slack for parsing the 100k-item case on a slow runner).
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 8_000);
    expect(peakHeap - heapBefore).toBeLessThan(300 * 1024 * 1024);
    expect(peakRss).toBeLessThan(400 * 1024 * 1024);
  });
});
