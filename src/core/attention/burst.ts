/** Flood control: at most `max` alerts per `perMs` window per channel; the rest wait for the window's digest. */
export interface BurstRule {
  max: number;
  perMs: number;
}

/** A window opens with the first alert after the previous one closed; it closes `perMs` later. */
export interface BurstWindow {
  start: number;
  sent: number;
}

export interface BurstDecision {
  admit: boolean;
  window: BurstWindow;
  /** When the window closes: the time to send what it held. */
  closesAt: number;
}

export function admitToBurst(window: BurstWindow | undefined, now: number, rule: BurstRule): BurstDecision {
  if (!window || now >= window.start + rule.perMs || now < window.start) {
    const fresh = { start: now, sent: 1 };
    return { admit: true, window: fresh, closesAt: now + rule.perMs };
  }
  const closesAt = window.start + rule.perMs;
  if (window.sent < rule.max) return { admit: true, window: { ...window, sent: window.sent + 1 }, closesAt };
  return { admit: false, window, closesAt };
}
