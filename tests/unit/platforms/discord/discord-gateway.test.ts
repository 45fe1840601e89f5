import { afterEach, expect, test } from 'vitest';
import type { CommandService } from '../../../../src/core/ports.js';
import { createDiscordPlatform } from '../../../../src/platforms/discord/create-discord-platform.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { createCommandFixture } from '../../commands/command-fixture.js';
import { DESK, GUILD, MANAGE_CHANNELS, TOKEN } from './discord-fixture.js';
import { createRecordingLogger } from './recording-logger.js';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  cleanup = [];
});

async function start(heartbeatIntervalMs: number, wrap: (s: CommandService) => CommandService = (s) => s) {
  const fake = await FakeDiscordServer.start({ token: TOKEN, heartbeatIntervalMs, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
  const commands = await createCommandFixture();
  const platform = createDiscordPlatform({ token: TOKEN, guildId: GUILD, apiUrl: fake.apiUrl, permissions: { manage: 'manage-channels' }, log: createRecordingLogger(), clock: commands.clock });
  await platform.start(wrap(commands.service));
  cleanup.push(() => commands.stores.close(), () => fake.close(), () => platform.stop());
  return { fake, platform, commands };
}

async function waitFor(check: () => boolean, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('heartbeats are sent and acknowledged', async () => {
  const { fake } = await start(150);
  await waitFor(() => fake.gatewayPayloads.filter((p) => p.op === 1).length >= 3);
  expect(fake.connectionCount).toBe(1);
});

test('after the gateway drops the connection, discord.js resumes and commands keep working', async () => {
  const { fake } = await start(5000);
  fake.dropGatewayConnections(4000);
  await waitFor(() => fake.gatewayPayloads.some((p) => p.op === 6));
  const resume = fake.gatewayPayloads.find((p) => p.op === 6)!.d as { session_id: string; seq: number };
  expect(resume.session_id).toBe('fake-session-1');
  expect(resume.seq).toBeGreaterThanOrEqual(2);
  await waitFor(() => fake.connectionCount === 1);
  const out = await fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: '5', permissions: MANAGE_CHANNELS }, subcommand: 'help' });
  expect(out.data.content).toContain('Alerts: query syntax');
});

test('a slow command is deferred (ephemeral) and its reply edited in afterwards', async () => {
  const slow = (s: CommandService): CommandService => ({
    handle: async (req) => {
      await new Promise((r) => setTimeout(r, 2300));
      return s.handle(req);
    },
    autocomplete: (req) => s.autocomplete(req),
  });
  const { fake, commands } = await start(5000, slow);
  const out = await fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: '5', permissions: MANAGE_CHANNELS }, subcommand: 'subscribe', options: { query: 'Kabul' } });
  expect(out.callbackType).toBe(5);
  expect(out.data.content).toContain('Subscribed: `Kabul`');
  const deferral = fake.requests.find((r) => r.path.endsWith('/callback'))!.body as { type: number; data: { flags: number } };
  expect(deferral).toEqual({ type: 5, data: { flags: 64 } });
  expect(fake.requests.some((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))).toBe(true);
  expect(await commands.stores.subscriptions.list()).toHaveLength(1);
});

test('a failed interaction answer is logged without the interaction token', async () => {
  const log = createRecordingLogger();
  const fake = await FakeDiscordServer.start({ token: TOKEN, guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'desk' }] }] });
  const commands = await createCommandFixture();
  const platform = createDiscordPlatform({ token: TOKEN, guildId: GUILD, apiUrl: fake.apiUrl, permissions: { manage: 'manage-channels' }, log, clock: commands.clock });
  cleanup.push(() => commands.stores.close(), () => fake.close(), () => platform.stop());
  await platform.start(commands.service);
  fake.scriptFailures('POST', /\/callback$/, [{ status: 500 }]);
  await expect(fake.interact({ kind: 'command', guildId: GUILD, channelId: DESK, member: { id: '5', permissions: '0' }, subcommand: 'help' }, 1500)).rejects.toThrow(/no answer/);
  await waitFor(() => log.entries.some((e) => e.msg === 'discord: could not answer the interaction'));
  const callback = fake.requests.find((r) => r.path.endsWith('/callback'))!;
  const token = callback.path.split('/')[3]!;
  expect(token).toMatch(/^itoken-/);
  expect(JSON.stringify(log.entries)).not.toContain(token);
  expect(JSON.stringify(log.entries)).not.toContain(TOKEN);
});
