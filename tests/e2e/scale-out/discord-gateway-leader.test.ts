/**
 * The Discord gateway leader lease across three instances of the real Discord platform, each with its own
 * connection to the shared Redis (real leases), against the fake Discord: one gateway session at a time,
 * commands answered once, alerts posted over REST by every instance, and a takeover when the leader loses
 * the store (it fences itself) or stops.
 */
import { createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { LeaseStore, Platform, Stores } from '../../../src/core/ports.js';
import { createDiscordPlatform, GATEWAY_LEASE_KEY } from '../../../src/platforms/discord/create-discord-platform.js';
import { openStores } from '../../../src/store/open-stores.js';
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { createCommandFixture } from '../../unit/commands/command-fixture.js';
import { DESK, GUILD, makeAlert, MANAGE_CHANNELS, TOKEN } from '../../unit/platforms/discord/discord-fixture.js';
import { createRecordingLogger } from '../../unit/platforms/discord/recording-logger.js';
import { waitFor } from './instance.js';

const SHARED_REDIS = 'redis://127.0.0.1:6379';
const LEASE_TTL_MS = 1500;
const clock = { now: () => Date.now() };

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

/** A lease store that can be cut off from Redis, like an instance on the wrong side of a partition. */
function severable(inner: LeaseStore): LeaseStore & { sever(): void } {
  let severed = false;
  const guard = <T>(call: () => Promise<T>) => (severed ? Promise.reject(new Error('The client is offline')) : call());
  return {
    acquire: (k, o, t) => guard(() => inner.acquire(k, o, t)),
    renew: (k, o, t) => guard(() => inner.renew(k, o, t)),
    release: (k, o) => guard(() => inner.release(k, o)),
    sever: () => void (severed = true),
  };
}

interface Bot {
  owner: string;
  platform: Platform;
  stores: Stores;
  leases: ReturnType<typeof severable>;
  stopped: boolean;
}

it('one gateway session among three instances; commands answered once; takeover on partition and on stop', async () => {
  const fake = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
  cleanup.push(() => fake.close());
  const commands = await createCommandFixture();
  cleanup.push(() => commands.stores.close());
  const keyPrefix = `gateway-${randomUUID().slice(0, 8)}`;
  const redis = createClient({ url: SHARED_REDIS });
  await redis.connect();
  cleanup.push(async () => {
    await redis.del(`${keyPrefix}::lease:${GATEWAY_LEASE_KEY}`);
    await redis.close();
  });
  const holder = async () => (await redis.get(`${keyPrefix}::lease:${GATEWAY_LEASE_KEY}`)) as string | null;

  const bots: Bot[] = [];
  for (let i = 0; i < 3; i++) {
    const stores = await openStores(SHARED_REDIS, { keyPrefix, clock });
    const leases = severable(stores.leases);
    const owner = `bot-${i}`;
    const platform = createDiscordPlatform({
      token: TOKEN, guildId: GUILD, apiUrl: fake.apiUrl, permissions: { manage: 'manage-channels' },
      log: createRecordingLogger(), clock, gatewayLease: { leases, owner, ttlMs: LEASE_TTL_MS },
    });
    const bot: Bot = { owner, platform, stores, leases, stopped: false };
    bots.push(bot);
    cleanup.push(async () => {
      if (!bot.stopped) await platform.stop();
      await stores.close();
    });
  }
  // Sampled all along: two sessions at once would mean a command answered twice.
  let maxSessions = 0;
  const sampler = setInterval(() => (maxSessions = Math.max(maxSessions, fake.connectionCount)), 10);
  cleanup.push(async () => clearInterval(sampler));

  await Promise.all(bots.map((b) => b.platform.start(commands.service)));
  await waitFor(() => fake.connectionCount === 1, 10_000, 'one gateway session');
  // Followers keep trying every third of the lease: after several rounds there is still one session.
  await new Promise((r) => setTimeout(r, LEASE_TTL_MS * 1.5));
  expect(fake.connectionCount).toBe(1);
  const first = await holder();
  expect(bots.map((b) => b.owner)).toContain(first);

  const help = await fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: '5', permissions: MANAGE_CHANNELS }, subcommand: 'help' });
  expect(help.data.content).toContain('Alerts: query syntax');
  await new Promise((r) => setTimeout(r, 300));
  expect(fake.requests.filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);

  // Alerts go out over REST on every instance, leader or not.
  for (const [i, bot] of bots.entries()) {
    const result = await bot.platform.deliver({ alert: makeAlert({ id: `urn:afp:${i}` }), target: { id: 'desk', platform: 'discord', channel: DESK, source: 'config' }, nonce: `n-${i}`, attempt: 1 });
    expect(result.ok).toBe(true);
  }
  expect(fake.messages(DESK)).toHaveLength(3);

  // The leader loses the store: it closes its own session before its lease can expire, and another takes over.
  const leader = bots.find((b) => b.owner === first)!;
  const severedAt = Date.now();
  leader.leases.sever();
  await waitFor(() => fake.connectionCount === 0, LEASE_TTL_MS * 3, 'the partitioned leader to close its session');
  await waitFor(() => fake.connectionCount === 1, LEASE_TTL_MS * 4, 'a follower to take over');
  const takeoverMs = Date.now() - severedAt;
  const second = await holder();
  expect(second).not.toBe(first);
  expect(second).not.toBeNull();
  const again = await fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: '5', permissions: MANAGE_CHANNELS }, subcommand: 'help' });
  expect(again.data.content).toContain('Alerts: query syntax');

  // A clean stop releases the lease at once: the last follower connects without waiting for it to lapse.
  const next = bots.find((b) => b.owner === second)!;
  const stoppedAt = Date.now();
  await next.platform.stop();
  next.stopped = true;
  // Released, not left to expire.
  expect(await holder()).not.toBe(second);
  let third: string | null = null;
  while (Date.now() - stoppedAt < LEASE_TTL_MS * 3) {
    third = await holder();
    if (third && third !== second) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect([first, second, null]).not.toContain(third);
  await waitFor(() => fake.connectionCount === 1, LEASE_TTL_MS * 3, 'the last follower to connect');
  const handoverMs = Date.now() - stoppedAt;

  expect(maxSessions).toBe(1);
  console.info(`gateway lease ${LEASE_TTL_MS} ms: takeover after a partition ${takeoverMs} ms, after a clean stop ${handoverMs} ms`);
}, 40_000);
