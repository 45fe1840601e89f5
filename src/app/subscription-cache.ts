import type { Subscription } from '../core/model.js';
import type { Logger, Stores } from '../core/ports.js';
import type { FeedItemReader } from './read-feed-items.js';

export interface CompiledSubscriptions {
  /** Reads bodies against these subscriptions (compiled inline, or in every worker of the read pool). */
  reader: FeedItemReader;
  subs: Map<string, Subscription>;
}

export interface SubscriptionCacheDeps {
  /** The config's subscriptions; replaced by `apply` on a reload. */
  configSubscriptions: readonly Subscription[];
  stores: Stores;
  /** Compiles the set where the reading happens: on this thread, or posted to the workers to compile there. */
  compile: (subs: ReadonlyArray<{ id: string; query: string }>) => FeedItemReader;
  log: Logger;
}

export interface SubscriptionCache {
  /** Config subscriptions plus those added by slash commands, compiled; recompiled only when the set changed. */
  current(): Promise<CompiledSubscriptions>;
  apply(configSubscriptions: readonly Subscription[]): void;
}

export function createSubscriptionCache(deps: SubscriptionCacheDeps): SubscriptionCache {
  let configSubscriptions = deps.configSubscriptions;
  let compiled: (CompiledSubscriptions & { signature: string }) | null = null;
  return {
    async current() {
      const stored = await deps.stores.subscriptions.list();
      // Config subscriptions change only through apply (which drops the compiled set), so only the usually
      // short list of command subscriptions is fingerprinted per tick, not 100,000 config ones.
      const signature = stored.map((s) => `${s.id}\u0000${s.query}\u0000${s.channel}\u0000${s.feeds?.join(',') ?? ''}`).sort().join('\n');
      if (compiled?.signature !== signature) {
        const all = [...configSubscriptions, ...stored];
        compiled = { signature, reader: deps.compile(all), subs: new Map(all.map((s) => [s.id, s])) };
        deps.log.debug({ subscriptions: all.length }, 'subscriptions compiled');
      }
      return compiled;
    },
    apply(next) {
      configSubscriptions = next;
      compiled = null;
    },
  };
}
