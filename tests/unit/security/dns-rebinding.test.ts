/**
 * DNS rebinding: a name that resolved to the allow-listed "public" 127.0.0.2 on one poll answers with the
 * internal 127.0.0.1 on the next. The check runs on the address each new connection uses, so the second poll is
 * refused and the internal server, listening on the same port, never sees a request.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../src/feeds/create-fetcher.js';
import type { LookupFunction } from '../../../src/feeds/types.js';
import { manualClock } from '../feeds/fetch-helpers.js';
import { rssFeed, rssItem } from '../../e2e/security/security-fixture.js';

const FEED = rssFeed('Wire', [rssItem('r-1', 'Taliban take district', 'Fighters advanced.')]);
let publicServer: Server;
let internalServer: Server;
let port = 0;
let internalHits = 0;

function listen(server: Server, host: string, at: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(at, host, () => resolve((server.address() as { port: number }).port));
  });
}

beforeAll(async () => {
  // `Connection: close` so every poll opens a new connection and resolves the name again.
  publicServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', connection: 'close' }).end(FEED));
  internalServer = createServer((_req, res) => {
    internalHits++;
    res.writeHead(200, { 'content-type': 'application/rss+xml', connection: 'close' }).end(FEED);
  });
  port = await listen(publicServer, '127.0.0.2', 0);
  await listen(internalServer, '127.0.0.1', port);
});

afterAll(async () => {
  await new Promise((r) => publicServer.close(r));
  await new Promise((r) => internalServer.close(r));
});

describe('DNS rebinding', () => {
  it('refuses the second poll once the name re-binds to an internal address', async () => {
    const answers = ['127.0.0.2', '127.0.0.1', '127.0.0.1'];
    const resolved: string[] = [];
    const lookup: LookupFunction = (hostname, options, callback) => {
      const address = answers[Math.min(resolved.length, answers.length - 1)]!;
      resolved.push(`${hostname}=${address}`);
      setImmediate(() => (options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)));
    };
    const fetcher = createFetcher({ clock: manualClock(), allowHosts: ['127.0.0.2/32'], lookup });
    try {
      const url = `http://rebind.test:${port}/feed.xml`;
      const first = await fetcher.poll({ id: 'r', url }, undefined);
      expect(first.kind).toBe('fetched');
      const second = await fetcher.poll({ id: 'r', url }, undefined);
      expect(second).toMatchObject({ kind: 'failed', error: { kind: 'blocked' } });
      expect(second.kind === 'failed' && second.error.message).toMatch(/127\.0\.0\.1/);
      expect(resolved).toEqual([`rebind.test=127.0.0.2`, `rebind.test=127.0.0.1`]);
      expect(internalHits).toBe(0);
    } finally {
      await fetcher.close();
    }
  });
});
