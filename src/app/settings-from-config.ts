import type { DigestEvery, QuietRule } from '../core/attention/schedule.js';
import type { ChannelTarget, Subscription } from '../core/model.js';
import type { AppConfig } from '../config/schema.js';
import { redactUrl } from '../feeds/redact-url.js';
import type { RuntimeSettings } from './create-runtime.js';

/** The runtime's view of a config: defaults applied, durations in ms, config items as model objects. */
export function settingsFromConfig(config: AppConfig): RuntimeSettings {
  const channels: ChannelTarget[] = config.channels.map((c) => ({
    id: c.id, platform: c.platform, channel: c.channel, source: 'config', ...(c.template ? { template: c.template } : {}),
    ...(c.minUrgency ? { minUrgency: c.minUrgency } : {}), ...(c.ping ? { ping: c.ping } : {}),
    ...(c.burst ? { burst: { max: c.burst.max, perMs: c.burst.per } } : {}),
    ...(c.quietHours ? { quietHours: quietRuleOf(c.quietHours) } : {}),
    ...(c.snooze?.held === 'drop' ? { snoozeHeld: 'drop' as const } : {}),
    ...(c.updates ? { updates: c.updates } : {}), ...(c.clusters === 'off' ? { clustersOff: true } : {}),
    ...digestsOf(config, c.id),
  }));
  const subscriptions: Subscription[] = config.subscriptions.map((s) => ({
    id: s.id, channel: s.channel, query: s.query, feeds: s.feeds, source: 'config', createdAt: 0,
    ...(s.minUrgency ? { minUrgency: s.minUrgency } : {}), ...(s.ping ? { ping: s.ping } : {}),
    ...(s.deliver === 'digest' && s.every ? { digestEvery: s.every } : {}),
  }));
  return {
    feeds: config.feeds.map((f) => ({
      id: f.id, url: f.url, displayUrl: redactUrl(f.url, config.secrets), name: f.name ?? f.id, headers: f.headers,
      schedule: f.schedule ?? config.schedule, ...(f.urgency ? { urgency: f.urgency } : {}),
    })),
    channels,
    subscriptions,
    backfill: config.backfill,
    seenTtlMs: config.seenTtl,
    failureThreshold: config.failureThreshold,
    personalAlerts: config.personalAlerts !== false,
    concurrency: config.fetch.concurrency,
    perHostConcurrency: config.fetch.perHostConcurrency,
    retryBaseMs: config.delivery.retryBase,
    retryMaxMs: config.delivery.retryMax,
    claimTtlMs: config.scaleOut.claimTtl,
    leaseTtlMs: config.scaleOut.leaseTtl,
    noticesChannel: config.notices.channel ?? null,
    lifecycle: { windowMs: config.lifecycle.window, threshold: config.lifecycle.threshold, backgroundShare: config.lifecycle.backgroundShare },
  };
}

/** Feed ids and names for commands and autocomplete: not the URLs and headers, which may carry credentials. */
export function feedChoicesOf(settings: RuntimeSettings): Array<{ id: string; name: string }> {
  return settings.feeds.map(({ id, name }) => ({ id, name }));
}

function quietRuleOf(q: NonNullable<AppConfig['channels'][number]['quietHours']>): QuietRule {
  return { hours: { from: q.from, to: q.to, tz: q.tz }, held: q.held, ...(q.except ? { except: q.except } : {}) };
}

/** The channel's digest subscriptions (`deliver: digest`), by id. */
function digestsOf(config: AppConfig, channel: string): { digests?: Record<string, DigestEvery> } {
  const digests: Record<string, DigestEvery> = {};
  for (const s of config.subscriptions) if (s.channel === channel && s.deliver === 'digest' && s.every) digests[s.id] = s.every;
  return Object.keys(digests).length ? { digests } : {};
}
