import type { ChannelTarget, Subscription } from '../core/model.js';
import type { ChannelStore, Clock, Logger, RecentArticleStore, SnoozeStore, StoredArticle, SubscriptionStore } from '../core/ports.js';

/** Everything the handlers need, injected by src/app (query functions included, so tests can use the real core). */
export interface CommandDeps {
  subscriptions: SubscriptionStore;
  channels: ChannelStore;
  recent: RecentArticleStore;
  snoozes: SnoozeStore;
  configSubscriptions: () => Subscription[];
  configChannels: () => ChannelTarget[];
  /** `personalAlerts` in the config: whether `/alerts me subscribe` is allowed. */
  personalAlerts: () => boolean;
  feeds: () => Array<{ id: string; name: string }>;
  /** The commands line `/alerts help` ends with, per platform name (from the registered platform descriptors). */
  commandHelp: Readonly<Record<string, string>>;
  /** The articles among `articles` that `query` matches, order kept. */
  countMatches: (query: string, articles: StoredArticle[]) => StoredArticle[];
  clock: Clock;
  log: Logger;
}
