/**
 * Wire urgency as a desk thinks of it. Agencies use different words and scales (AP legacy letters, IPTC/ninjs
 * 1–9, AFP FLASH/ALERTE/URGENT, dpa Blitz/Eilmeldung); they all collapse onto these four levels.
 */
export const URGENCY_LEVELS = ['routine', 'urgent', 'bulletin', 'flash'] as const;
export type Urgency = (typeof URGENCY_LEVELS)[number];

/** Higher is more urgent: routine 0 … flash 3. */
export function rankUrgency(level: Urgency): number {
  return URGENCY_LEVELS.indexOf(level);
}

/** True when `level` is at or above `min` (no minimum means everything passes). */
export function meetsUrgency(level: Urgency, min: Urgency | undefined): boolean {
  return min === undefined || rankUrgency(level) >= rankUrgency(min);
}

export function isUrgency(value: unknown): value is Urgency {
  return typeof value === 'string' && (URGENCY_LEVELS as readonly string[]).includes(value);
}

const WORDS: Record<string, Urgency> = {
  flash: 'flash', blitz: 'flash',
  bulletin: 'bulletin', alerte: 'bulletin', alerta: 'bulletin', eilmeldung: 'bulletin', eil: 'bulletin',
  urgent: 'urgent', urgente: 'urgent', breaking: 'urgent', high: 'urgent',
  routine: 'routine', regular: 'routine', normal: 'routine', deferred: 'routine', low: 'routine',
};
// AP's legacy priority letters: f(lash), b(ulletin), u(rgent), r(egular), d(eferred), a (weekend advance).
const AP_LETTERS: Record<string, Urgency> = { f: 'flash', b: 'bulletin', u: 'urgent', r: 'routine', d: 'routine', a: 'routine' };

/**
 * One raw urgency value → a level, or null when it says nothing we know. Numbers follow IPTC/ninjs
 * (1 most urgent … 9 least): 1 flash, 2 bulletin, 3 urgent, 4–9 routine.
 */
export function readUrgencyValue(raw: string): Urgency | null {
  const value = raw.trim().toLowerCase();
  if (!value) return null;
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n < 1 || n > 9) return null;
    return n === 1 ? 'flash' : n === 2 ? 'bulletin' : n === 3 ? 'urgent' : 'routine';
  }
  return AP_LETTERS[value] ?? WORDS[value] ?? null;
}

/** What a message shows: the agency word in capitals, nothing for routine stories. */
export function urgencyLabel(level: Urgency | undefined): string {
  return level && level !== 'routine' ? level.toUpperCase() : '';
}
