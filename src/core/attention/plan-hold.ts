/**
 * What a channel's due alerts do next when something holds alerts back: quiet hours (channels[].quietHours),
 * snoozed subscriptions (/alerts snooze), digest subscriptions (subscriptions[].deliver: digest) and flood control (channels[].burst). Held alerts wait
 * for their time and then go out together as one digest; the rest go out in queue order, through flood control.
 * Times are counted from when the poller queued an alert, so a platform outage does not move them.
 */
import type { Alert } from '../model.js';
import type { BurstRule, BurstWindow } from './burst.js';
import { planBurstStep } from './plan-burst.js';
import { nextDigestAt, quietHoursEnd, type DigestEvery, type QuietRule } from './schedule.js';

export type { QuietRule };
import { meetsUrgency, type Urgency } from './urgency.js';

export interface HoldRules {
  burst?: BurstRule;
  quiet?: QuietRule;
  /** Subscriptions delivered as periodic digests, by id. */
  digests?: ReadonlyMap<string, DigestEvery>;
  /** Snoozed subscriptions (`/alerts snooze`), by id; `held: drop` drops their matches instead of a summary. */
  snoozes?: ReadonlyMap<string, { from: number; until: number }>;
  snoozeHeld?: 'digest' | 'drop';
}

export type HoldReason = 'quiet' | 'digest' | 'snooze';

/** Why and until when an alert is held; alerts with the same `group` go out in one digest. */
export interface Hold {
  reason: HoldReason;
  group: string;
  until: number;
  /** The digest or snoozed subscription, for `digest` and `snooze`. */
  subscription?: string;
}

interface Due {
  enqueuedAt: number;
  alert: Pick<Alert, 'subscriptions' | 'urgency' | 'kind'>;
}

export type HoldStep =
  | { kind: 'send'; index: number; window?: BurstWindow }
  | { kind: 'digest'; indexes: number[]; reason: 'burst' | HoldReason; hold?: Hold; window?: BurstWindow }
  | { kind: 'drop'; indexes: number[] }
  | { kind: 'wait' };

/** An alert is held for a digest subscription when every subscription it matched is one; else by quiet hours. */
export function findHold(entry: Due, rules: HoldRules): Hold | null {
  // Notices and a story's updates and kills follow what the channel already has: holding them helps no one.
  if (entry.alert.kind === 'notice' || entry.alert.kind === 'update' || entry.alert.kind === 'kill') return null;
  const subs = entry.alert.subscriptions;
  const digest = subs.length > 0 && subs.every((id) => rules.digests?.has(id)) ? subs[0]! : undefined;
  if (digest) {
    const until = nextDigestAt(entry.enqueuedAt, rules.digests!.get(digest)!);
    return { reason: 'digest', group: `digest:${digest}:${until}`, until, subscription: digest };
  }
  const snooze = findSnooze(entry, rules);
  if (snooze) return snooze;
  if (rules.quiet && !(rules.quiet.except && meetsUrgency(entry.alert.urgency ?? 'routine', rules.quiet.except))) {
    const end = quietHoursEnd(entry.enqueuedAt, rules.quiet.hours);
    if (end !== null) return { reason: 'quiet', group: `quiet:${end}`, until: end };
  }
  return null;
}

/** Held when every subscription it matched was snoozed when it was queued; the summary comes at the first end. */
function findSnooze(entry: Due, rules: HoldRules): Hold | null {
  const subs = entry.alert.subscriptions;
  if (!rules.snoozes || subs.length === 0) return null;
  let first: { id: string; until: number } | null = null;
  for (const id of subs) {
    const s = rules.snoozes.get(id);
    if (!s || entry.enqueuedAt < s.from || entry.enqueuedAt >= s.until) return null;
    if (!first || s.until < first.until) first = { id, until: s.until };
  }
  return first && { reason: 'snooze', group: `snooze:${first.id}:${first.until}`, until: first.until, subscription: first.id };
}

/**
 * The next step, in queue order: the first alert that is not held goes through flood control; a held group whose
 * time has come goes out as one digest (at most `maxItems` alerts); held alerts not yet due are passed over.
 */
export function planHoldStep(rules: HoldRules, window: BurstWindow | undefined, due: readonly Due[], now: number,
  maxItems: number): HoldStep {
  const holds = due.map((entry) => findHold(entry, rules));
  const free = due.map((_, i) => i).filter((i) => holds[i] === null);
  let burstWaits = false;
  for (let i = 0; i < due.length; i++) {
    const hold = holds[i];
    if (hold) {
      if (hold.until > now) continue;
      const indexes = holds.flatMap((h, j) => (h?.group === hold.group ? [j] : [])).slice(0, maxItems);
      if ((hold.reason === 'quiet' && rules.quiet?.held === 'drop') || (hold.reason === 'snooze' && rules.snoozeHeld === 'drop')) {
        return { kind: 'drop', indexes };
      }
      return { kind: 'digest', indexes, reason: hold.reason, hold };
    }
    if (burstWaits) continue;
    if (!rules.burst) return { kind: 'send', index: i };
    const rest = free.filter((j) => j >= i);
    const step = planBurstStep(rules.burst, window, rest.map((j) => due[j]!), now);
    if (step.kind === 'send') return { kind: 'send', index: i, window: step.window };
    if (step.kind === 'digest') return { kind: 'digest', indexes: rest.slice(0, Math.min(step.count, maxItems)), reason: 'burst', window: step.window };
    burstWaits = true;
  }
  return { kind: 'wait' };
}
