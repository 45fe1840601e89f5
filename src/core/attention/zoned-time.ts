/**
 * Wall-clock arithmetic in IANA time zones on top of Intl (full ICU ships with Node), so quiet hours and daily
 * digests follow DST changes without a time-zone library.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface WallTime extends CivilDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `tz` at `epochMs` (seconds dropped). */
export function wallTimeAt(epochMs: number, tz: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(epochMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']! % 24, minute: parts['minute']! };
}

/** UTC offset of `tz` at `epochMs`, in ms (Kabul +4:30 → 16 200 000). */
export function offsetAt(epochMs: number, tz: string): number {
  const w = wallTimeAt(epochMs, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - (epochMs - (((epochMs % 60_000) + 60_000) % 60_000));
}

/**
 * The instant a wall time happens in `tz`. A time skipped by a spring-forward change is moved on by the gap
 * (02:30 on a night clocks jump 02:00→03:00 is 03:30); a time that happens twice in autumn is the first one.
 */
export function epochOfWallTime(wall: WallTime, tz: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = asUtc - offsetAt(asUtc - 86_400_000, tz);
  const after = asUtc - offsetAt(asUtc + 86_400_000, tz);
  const valid = [before, after].filter((t) => offsetAt(t, tz) === asUtc - t);
  return valid.length ? Math.min(...valid) : before;
}

/** The civil date `days` after `date` (negative goes back). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** "22:00" → minutes after midnight (1320), or null. */
export function readClockTime(text: string): number | null {
  const m = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
