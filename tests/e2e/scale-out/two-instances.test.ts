/**
 * Scale-out, end to end: two `newsbot run` processes of the built CLI share one Redis store and one config of
 * 50 fixture feeds (200 matching items). Their console output together must hold every alert exactly once,
 * also when one of them is killed mid-cycle (at most one repeat per crash) and when Redis pauses or restarts.
 */
import { createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { buildOnce, makeTempDir } from '../helpers/run-cli.js';
import { allAlerts, countBy, Instance, waitFor } from './instance.js';
import { CHANNELS, DurableRedis, expectedAlerts, fetchedTwiceInATick, serveFeeds, writeScenarioConfig, type FetchLog } from './scale-out-fixture.js';

const SHARED_REDIS = 'redis://127.0.0.1:6379';
/** After the last expected alert, instances keep polling this long so a late repeat would show. */
const SETTLE_MS = 2500;

let server: FeedServer;
let fetches: FetchLog;
let running: Instance[] = [];

beforeAll(async () => {
  buildOnce();
  server = await startFeedServer();
  fetches = serveFeeds(server, 300);
}, 180_000);

afterEach(async () => {
  await Promise.all(running.map((i) => i.stop(5000)));
  running = [];
});

afterAll(async () => {
  await server?.stop();
});

function launch(configPath: string, count: number): Instance[] {
  const started = Array.from({ length: count }, (_, k) => new Instance(`bot-${k}`, configPath));
  running.push(...started);
  return started;
}

/** Deletes the keys of one test's prefix from the shared Redis. */
async function dropPrefix(prefix: string): Promise<void> {
  const client = createClient({ url: SHARED_REDIS });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}::*`, COUNT: 500 })) {
      if (keys.length) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

function describeCrashes(instances: Instance[]): string {
  return instances.map((i) => `${i.name}: exit ${String(i.exitCode)} ${String(i.exitSignal)}\n${i.stderr.slice(-3000)}`).join('\n');
}

async function stopAll(instances: Instance[]): Promise<void> {
  const codes = await Promise.all(instances.filter((i) => i.running).map((i) => i.stop()));
  for (const code of codes) expect(code).toBe(0);
}

describe('two instances on one Redis store', () => {
  it('print each of the 200 expected alerts exactly once between them', async () => {
    const prefix = `scale-out-${randomUUID().slice(0, 8)}`;
    const config = writeScenarioConfig(makeTempDir(), server, { store: SHARED_REDIS, keyPrefix: prefix });
    const expected = expectedAlerts();
    const startedAt = Date.now();
    const instances = launch(config, 2);
    try {
      await waitFor(() => new Set(allAlerts(instances)).size >= expected.length || instances.some((i) => !i.running),
        60_000, 'all alerts');
      const allInMs = Date.now() - startedAt;
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      expect(instances.every((i) => i.running), describeCrashes(instances)).toBe(true);
      const printed = allAlerts(instances);
      expect([...new Set(printed)].sort()).toEqual(expected);
      const doubled = [...countBy(printed)].filter(([, n]) => n > 1);
      expect(doubled).toEqual([]);
      // The work really was shared: both fetched feeds and both posted alerts.
      expect(instances.every((i) => i.alerts.length > 0), `per instance: ${instances.map((i) => i.alerts.length).join(', ')}`).toBe(true);
      // Poll leases: every feed was fetched, and never by both instances on the same tick.
      const requests = [...fetches.values()].reduce((n, times) => n + times.length, 0);
      expect([...fetches.values()].every((times) => times.length > 0)).toBe(true);
      expect(fetchedTwiceInATick(fetches, 2000)).toEqual([]);
      console.info(`two instances: 200 alerts ${allInMs} ms after launch, split ${instances.map((i) => i.alerts.length).join(' + ')}; ${requests} feed requests`);
      await stopAll(instances);
    } finally {
      await dropPrefix(prefix);
    }
  }, 90_000);

  it('after kill -9 of one instance mid-cycle, the other finishes the work: nothing missing, at most one repeat', async () => {
    const prefix = `scale-out-${randomUUID().slice(0, 8)}`;
    // Short claims: the victim's claimed alerts hold up their channels until the claims expire.
    const config = writeScenarioConfig(makeTempDir(), server, { store: SHARED_REDIS, keyPrefix: prefix, claimTtl: '4s' });
    const expected = expectedAlerts();
    const [victim, survivor] = launch(config, 2) as [Instance, Instance];
    try {
      // Mid-cycle: the victim has posted a few alerts, and polls and deliveries are still under way.
      await waitFor(() => victim.alerts.length >= 5 || !victim.running, 60_000, 'the first alerts of the victim');
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      await victim.waitExit();
      const printedBeforeKill = allAlerts([victim, survivor]).length;
      expect(printedBeforeKill).toBeLessThan(expected.length);
      await waitFor(() => new Set(allAlerts([victim, survivor])).size >= expected.length || !survivor.running,
        60_000, 'the survivor to finish the work');
      const finishedInMs = Date.now() - killedAt;
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      expect(survivor.running, describeCrashes([survivor])).toBe(true);
      const printed = allAlerts([victim, survivor]);
      expect([...new Set(printed)].sort()).toEqual(expected);
      // A crash between a send and its record repeats that alert, nothing else: console sends go one at a time
      // per process, so at most one repeat per crash.
      const doubled = [...countBy(printed)].filter(([, n]) => n > 1);
      expect(doubled.length, JSON.stringify(doubled)).toBeLessThanOrEqual(1);
      expect(doubled.every(([, n]) => n === 2)).toBe(true);
      expect(finishedInMs).toBeLessThan(60_000);
      console.info(`kill -9: survivor finished ${expected.length - new Set(victim.alerts.map((a) => `${a.channel} ${a.id}`)).size} ` +
        `alerts in ${finishedInMs} ms after the kill; repeats: ${doubled.length}`);
      await stopAll([survivor]);
    } finally {
      await dropPrefix(prefix);
    }
  }, 90_000);

  it('Redis paused and then restarted: both instances pause, recover and lose nothing', async () => {
    const dir = makeTempDir();
    const redis = await DurableRedis.create(dir);
    const wire = await startFeedServer();
    await redis.start();
    try {
      // The wire publishes in three waves: before the outages, during the pause, during the restart.
      serveFeeds(wire, 50, 2);
      const config = writeScenarioConfig(dir, wire, { store: redis.url, keyPrefix: 'outage' });
      const instances = launch(config, 2);
      const seenAll = (n: number) => () => new Set(allAlerts(instances)).size >= expectedAlerts(n).length || instances.some((i) => !i.running);
      await waitFor(seenAll(2), 60_000, 'the first wave');

      // A hung server: sockets stay open, nothing answers.
      redis.signal('SIGSTOP');
      serveFeeds(wire, 50, 3);
      await new Promise((r) => setTimeout(r, 3000));
      const duringPause = allAlerts(instances).length;
      redis.signal('SIGCONT');
      await waitFor(seenAll(3), 60_000, 'the second wave, after the pause');

      // A restart: connections refused for a few seconds, then the same data back from the AOF.
      await redis.stop('SIGTERM');
      serveFeeds(wire, 50, 4);
      await new Promise((r) => setTimeout(r, 3000));
      const duringRestart = allAlerts(instances).length;
      await redis.start();
      await waitFor(seenAll(4), 60_000, 'the third wave, after the restart');
      await new Promise((r) => setTimeout(r, SETTLE_MS));

      expect(instances.every((i) => i.running), describeCrashes(instances)).toBe(true);
      // Nothing can be claimed while Redis is away, so nothing new is posted (and nothing posted twice later).
      expect(duringPause).toBe(expectedAlerts(2).length);
      expect(duringRestart).toBe(expectedAlerts(3).length);
      const printed = allAlerts(instances);
      expect([...new Set(printed)].sort()).toEqual(expectedAlerts());
      expect([...countBy(printed)].filter(([, n]) => n > 1)).toEqual([]);
      const logs = instances.map((i) => i.stderr).join('\n');
      expect(logs).toContain('redis connection lost');
      expect(logs).toContain('redis connection restored');
      // Paused with one clear warning per outage and instance, not an error per tick.
      expect(logs).toContain('store unreachable: polls and deliveries paused');
      expect(logs).toContain('polls and deliveries resumed');
      const errors = logs.split('\n').filter((l) => l.includes('"level":50'));
      expect(errors, errors.join('\n').slice(0, 2000)).toEqual([]);
      if (process.env.SCALE_OUT_LOGS) for (const i of instances) writeFileSync(join(process.env.SCALE_OUT_LOGS, `${i.name}.log`), i.stderr);
      await stopAll(instances);
    } finally {
      await redis.stop('SIGKILL');
      await wire.stop();
    }
  }, 150_000);
});
