/**
 * Flood control at delivery time: which of a channel's due alerts go out now, which wait for their window to
 * close, and which go out together as the window's digest. Windows are counted by when the poller queued an
 * alert (not when it is sent), so a platform outage does not turn a quiet hour into a flood, nor a flood into
 * a run of single alerts once the platform is back.
 */
import { admitToBurst, type BurstRule, type BurstWindow } from './burst.js';

export type BurstStep =
  /** Send the head entry on its own; `window` is the channel's window counting it. */
  | { kind: 'send'; window: BurstWindow }
  /** The head entry overflowed a window still open: nothing of the channel goes out before `until`. */
  | { kind: 'wait'; until: number }
  /** The first `count` due entries overflowed a window that has closed: one digest message for them. */
  | { kind: 'digest'; count: number; window: BurstWindow };

export function planBurstStep(rule: BurstRule, window: BurstWindow | undefined,
  due: ReadonlyArray<{ enqueuedAt: number }>, now: number): BurstStep {
  const queuedAt = due[0]!.enqueuedAt;
  // Queued before the window opened (it waited behind a retry): already part of an older window.
  if (window && queuedAt < window.start) return { kind: 'send', window };
  const decision = admitToBurst(window, queuedAt, rule);
  if (decision.admit) return { kind: 'send', window: decision.window };
  if (now < decision.closesAt) return { kind: 'wait', until: decision.closesAt };
  let count = 0;
  while (count < due.length && due[count]!.enqueuedAt >= decision.window.start && due[count]!.enqueuedAt < decision.closesAt) count++;
  return { kind: 'digest', count, window: decision.window };
}
