import { meetsUrgency, type Urgency } from './urgency.js';

/** `channels[].ping`: a Discord role id or Slack user-group id, pinged for stories at or above `minUrgency`. */
export interface PingRule {
  role: string;
  minUrgency: Urgency;
}

/**
 * The role to ping for this alert, or null. Only the config names a role, so feed text can never choose one;
 * the bot's own notices, digests and follow-ups of a story (updates, kills, "also reported by") never ping.
 * `kind` is any Alert kind, typed as a string: model.ts imports PingRule from here, so naming AlertKind back
 * would be an import cycle (the architecture check refuses it).
 */
export function choosePing(rule: PingRule | undefined, alert: { urgency?: Urgency; kind?: string }): string | null {
  if (!rule || (alert.kind !== undefined && alert.kind !== 'alert')) return null;
  return meetsUrgency(alert.urgency ?? 'routine', rule.minUrgency) ? rule.role : null;
}

/** Every role to ping for an alert on a channel: the channel's rule plus the matched subscriptions' (Alert.pings). */
export function choosePings(rule: PingRule | undefined, alert: { urgency?: Urgency; kind?: string; pings?: string[] }): string[] {
  if (alert.kind !== undefined && alert.kind !== 'alert') return [];
  const own = choosePing(rule, alert);
  return [...new Set([...(own ? [own] : []), ...(alert.pings ?? [])])];
}
