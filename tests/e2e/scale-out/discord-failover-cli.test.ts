/**
 * The gateway leader lease through the built CLI: two `newsbot run` processes with Discord credentials against
 * the fake Discord, one shared Redis. One gateway session; after `kill -9` of its holder (no release, the lease
 * must lapse) the other instance connects and answers commands.
 */
import { createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FakeDiscordServer } from '../../fakes/discord/fake-discord-server.js';
import { DESK, GUILD, MANAGE_CHANNELS, TOKEN } from '../../unit/platforms/discord/discord-fixture.js';
import { buildOnce, makeTempDir, writeConfig } from '../helpers/run-cli.js';
import { Instance, waitFor } from './instance.js';

const SHARED_REDIS = 'redis://127.0.0.1:6379';
const LEASE_TTL_MS = 1500;

let fake: FakeDiscordServer;
const instances: Instance[] = [];

beforeAll(async () => {
  buildOnce();
  fake = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
}, 180_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop(5000)));
  await fake?.close();
});

it('kill -9 of the instance holding the Discord gateway: the other takes over within the lease', async () => {
  const keyPrefix = `failover-${randomUUID().slice(0, 8)}`;
  const config = writeConfig(makeTempDir(), `
store: ${SHARED_REDIS}
scaleOut:
  keyPrefix: ${keyPrefix}
  leaseTtl: ${LEASE_TTL_MS}ms
delivery:
  shutdownTimeout: 2s
channels:
  - id: desk
    platform: discord
    channel: "${DESK}"
`);
  const env = { DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD, DISCORD_API_URL: fake.apiUrl };
  const redis = createClient({ url: SHARED_REDIS });
  await redis.connect();
  const leaseKey = `${keyPrefix}::lease:gateway:discord`;
  try {
    instances.push(new Instance('bot-0', config, env), new Instance('bot-1', config, env));
    await waitFor(() => instances.some((i) => i.stderr.includes('discord: connected')) || instances.some((i) => !i.running),
      20_000, 'one gateway session');
    await new Promise((r) => setTimeout(r, LEASE_TTL_MS * 1.5));
    expect(fake.connectionCount, instances.map((i) => i.stderr).join('\n').slice(-3000)).toBe(1);
    const help = { kind: 'command' as const, guildId: GUILD, channelId: DESK, member: { id: '5', permissions: MANAGE_CHANNELS }, subcommand: 'help' };
    expect((await fake.interact(help)).data.content).toContain('Alerts: query syntax');

    // The lease owner is `<pid>-<random>`: find and kill the holder, without a chance to release the lease.
    const owner = String(await redis.get(leaseKey));
    const leader = instances.find((i) => owner.startsWith(`${i.pid}-`))!;
    const follower = instances.find((i) => i !== leader)!;
    expect(leader).toBeDefined();
    const killedAt = Date.now();
    leader.kill('SIGKILL');
    await leader.waitExit();
    await waitFor(() => fake.connectionCount === 0, 5000, 'the dead session to drop');
    await waitFor(() => fake.connectionCount === 1 && follower.stderr.includes('discord: connected'), LEASE_TTL_MS * 4 + 5000,
      'the follower to connect');
    const takeoverMs = Date.now() - killedAt;
    expect(String(await redis.get(leaseKey))).toMatch(new RegExp(`^${follower.pid}-`));
    expect((await fake.interact(help)).data.content).toContain('Alerts: query syntax');
    expect(follower.running).toBe(true);
    expect(follower.stderr).toContain('gateway lease acquired');
    console.info(`CLI gateway failover (lease ${LEASE_TTL_MS} ms): follower connected ${takeoverMs} ms after kill -9 of the leader`);
    expect(await follower.stop()).toBe(0);
  } finally {
    await redis.del(leaseKey);
    await redis.close();
  }
}, 60_000);
