import type { ChannelTarget } from '../../../../src/core/model.js';
import type { Clock, CommandService, Logger, StoredArticle, Stores } from '../../../../src/core/ports.js';
import { compileMatcher } from '../../../../src/core/matcher/compile-matcher.js';
import { prepareArticle } from '../../../../src/core/matcher/prepare-article.js';
import { commandHelpOf, defaultPlatforms } from '../../../../src/app/platforms.js';
import { createCommandService } from '../../../../src/commands/create-command-service.js';
import { openStores } from '../../../../src/store/open-stores.js';
import {
  createSlackPlatform, type SlackPlatform, type SlackPlatformOptions,
} from '../../../../src/platforms/slack/create-slack-platform.js';
import { FAKE_APP_TOKEN, FAKE_BOT_TOKEN, startFakeSlack, type FakeSlack } from '../../../fakes/slack/fake-slack.js';

export const DESK_CHANNEL = 'C0DESK0001';
export const SIGNING_SECRET = 'fake-signing-secret-0001';

export interface LogEntry { level: string; obj: object | string; msg?: string }

export function createRecordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object | string, msg?: string) => {
    entries.push({ level, obj, ...(msg !== undefined ? { msg } : {}) });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function createManualClock(start = Date.parse('2026-11-25T15:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => { now += ms; } };
}

/** The config channel the tests' #afghanistan maps to. */
export const CONFIG_CHANNELS: ChannelTarget[] = [
  { id: 'afghanistan', platform: 'slack', channel: DESK_CHANNEL, source: 'config' },
];

export interface Kit {
  fake: FakeSlack;
  platform: SlackPlatform;
  stores: Stores;
  commands: CommandService;
  log: ReturnType<typeof createRecordingLogger>;
  clock: ReturnType<typeof createManualClock>;
  close(): Promise<void>;
}

/** The real command service on the real memory store, as src/app wires it. */
export function createRealCommandService(stores: Stores, clock: Clock, log: Logger): CommandService {
  return createCommandService({
    subscriptions: stores.subscriptions, channels: stores.channels, recent: stores.recent, snoozes: stores.snoozes,
    configSubscriptions: () => [],
    configChannels: () => CONFIG_CHANNELS,
    personalAlerts: () => true,
    feeds: () => [{ id: 'reuters', name: 'Reuters World' }, { id: 'ap', name: 'AP Top News' }],
    commandHelp: commandHelpOf(defaultPlatforms),
    countMatches: (query: string, articles: StoredArticle[]) => {
      const matcher = compileMatcher([{ id: 'q', query }]);
      return articles.filter((a) => matcher.match(prepareArticle(a.title, a.text)).length > 0);
    },
    clock, log,
  });
}

export type KitMode = 'socket' | 'http';

/** A fake Slack, the real platform talking to it, and the real command service; started. */
export async function startKit(
  mode: KitMode, over: Partial<SlackPlatformOptions> = {}, opts: { start?: boolean } = {},
): Promise<Kit> {
  const fake = await startFakeSlack();
  fake.addChannel(DESK_CHANNEL, { name: 'afghanistan' });
  const log = createRecordingLogger();
  const clock = createManualClock();
  const stores = await openStores('memory://', { clock });
  const commands = createRealCommandService(stores, clock, log);
  const platform = createSlackPlatform({
    botToken: FAKE_BOT_TOKEN,
    ...(mode === 'socket' ? { appToken: FAKE_APP_TOKEN } : { signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }),
    apiUrl: fake.apiUrl,
    permissions: {},
    log, clock,
    retry: { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 20 },
    requestTimeoutMs: 3000,
    // Reconnects wait one ping timeout: keep it short so the reconnect test is quick.
    socket: { clientPingTimeoutMs: 2000 },
    ...over,
  });
  if (opts.start !== false) await platform.start(commands);
  return {
    fake, platform, stores, commands, log, clock,
    async close() {
      await platform.stop();
      await stores.close();
      await fake.close();
    },
  };
}

/** The platform's /slack/events URL in HTTP mode. */
export function eventsUrl(kit: Kit): string {
  return `http://127.0.0.1:${String(kit.platform.httpPort())}/slack/events`;
}

/** Every text value of an ephemeral reply recorded at a response_url, joined for contains-assertions. */
export function replyText(body: Record<string, unknown>): string {
  return JSON.stringify(body.blocks ?? []) + String(body.text ?? '');
}
