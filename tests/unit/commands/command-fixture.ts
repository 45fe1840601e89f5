/** Real parts for command-service tests: the memory store, the core query parser, formatter and matcher. */
import type { ChannelTarget, Subscription } from '../../../src/core/model.js';
import type { StoredArticle, Stores } from '../../../src/core/ports.js';
import { compileMatcher } from '../../../src/core/matcher/compile-matcher.js';
import { prepareCleanArticle } from '../../../src/core/matcher/prepare-article.js';
import { openStores } from '../../../src/store/open-stores.js';
import { commandHelpOf, defaultPlatforms } from '../../../src/app/platforms.js';
import { createCommandService } from '../../../src/commands/create-command-service.js';
import type { CommandService } from '../../../src/core/ports.js';
import { createRecordingLogger } from '../platforms/discord/recording-logger.js';

export const HOUR = 60 * 60 * 1000;

export interface CommandFixture {
  stores: Stores;
  service: CommandService;
  clock: { now(): number; advance(ms: number): void };
  config: { subscriptions: Subscription[]; channels: ChannelTarget[]; feeds: Array<{ id: string; name: string }>; personalAlerts?: boolean };
  log: ReturnType<typeof createRecordingLogger>;
  addArticles(feedId: string, articles: Array<Partial<StoredArticle> & { id: string; title: string }>, ageMs?: number): Promise<void>;
}

export function matchStored(query: string, articles: StoredArticle[]): StoredArticle[] {
  const matcher = compileMatcher([{ id: 'q', query }]);
  return articles.filter((a) => matcher.match(prepareCleanArticle(a.title, a.text)).length > 0);
}

export async function createCommandFixture(): Promise<CommandFixture> {
  let now = Date.parse('2026-11-25T12:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const stores = await openStores('memory://', { clock });
  const config: CommandFixture['config'] = { subscriptions: [], channels: [], feeds: [{ id: 'afp-world', name: 'AFP World' }, { id: 'reuters', name: 'Reuters' }] };
  const log = createRecordingLogger();
  const service = createCommandService({
    subscriptions: stores.subscriptions,
    channels: stores.channels,
    recent: stores.recent,
    snoozes: stores.snoozes,
    configSubscriptions: () => config.subscriptions,
    configChannels: () => config.channels,
    personalAlerts: () => config.personalAlerts !== false,
    feeds: () => config.feeds,
    commandHelp: commandHelpOf(defaultPlatforms),
    countMatches: matchStored,
    clock,
    log,
  });
  return {
    stores,
    service,
    clock,
    config,
    log,
    async addArticles(feedId, articles, ageMs = 0) {
      await stores.recent.add(
        feedId,
        articles.map((a) => ({ feedId, text: '', link: null, published: null, firstSeenAt: now - ageMs, ...a })),
      );
    },
  };
}
