/** A fake Discord plus the real Discord platform wired to the real command service (memory store). */
import type { Alert } from '../../../../src/core/model.js';
import type { Platform } from '../../../../src/core/ports.js';
import { createDiscordPlatform, type DiscordPlatformOptions } from '../../../../src/platforms/discord/create-discord-platform.js';
import { FakeDiscordServer } from '../../../fakes/discord/fake-discord-server.js';
import { createCommandFixture, type CommandFixture } from '../../commands/command-fixture.js';
import { createRecordingLogger } from './recording-logger.js';
import { marked } from '../../../helpers/summary-runs.js';

export const TOKEN = 'fake-bot-token.canary';
export const GUILD = '111111111111111111';
export const DESK = '222222222222222222';
export const SPORTS = '333333333333333333';
export const EDITOR_ROLE = '444444444444444444';
/** Manage Channels, as a permission bitfield string. */
export const MANAGE_CHANNELS = String(1n << 4n);
export const SEND_MESSAGES = String(1n << 11n);

export interface DiscordFixture {
  fake: FakeDiscordServer;
  platform: Platform;
  commands: CommandFixture;
  log: ReturnType<typeof createRecordingLogger>;
  close(): Promise<void>;
}

export async function startDiscordFixture(over: Partial<DiscordPlatformOptions> = {}, start = true): Promise<DiscordFixture> {
  const fake = await FakeDiscordServer.start({
    token: TOKEN,
    guilds: [{ id: GUILD, name: 'Newsroom', channels: [{ id: DESK, name: 'foreign-desk' }, { id: SPORTS, name: 'sports' }], roles: [{ id: EDITOR_ROLE, name: 'editors' }] }],
  });
  const commands = await createCommandFixture();
  const log = createRecordingLogger();
  const platform = createDiscordPlatform({
    token: TOKEN,
    guildId: GUILD,
    apiUrl: fake.apiUrl,
    permissions: { manage: 'manage-channels' },
    log,
    clock: commands.clock,
    ...over,
  });
  if (start) await platform.start(commands.service);
  return {
    fake,
    platform,
    commands,
    log,
    async close() {
      await platform.stop();
      await fake.close();
      await commands.stores.close();
    },
  };
}

export function makeAlert(over: Partial<Alert> = {}): Alert {
  return {
    channel: 'foreign-desk',
    subscriptions: ['afghanistan'],
    feed: 'afp-world',
    feedName: 'AFP World',
    feedUrl: 'http://127.0.0.1/afp.xml',
    id: 'urn:afp:1',
    title: 'Taliban take control of Bagram air base',
    link: 'https://example.org/story/1',
    published: '2026-11-25T11:58:00.000Z',
    matched: ['Taliban', 'Bagram air base'],
    summary: marked('**Taliban** fighters entered **Bagram air base** on Tuesday, officials said.'),
    firstSeenAt: Date.parse('2026-11-25T11:59:00Z'),
    ...over,
  };
}
