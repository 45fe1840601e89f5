import type { Urgency } from './urgency.js';
import { addDays, epochOfWallTime, readClockTime, wallTimeAt, type CivilDate } from './zoned-time.js';

/** A daily window in a time zone; `from` after `to` runs over midnight (22:00 → 06:00). Minutes after midnight. */
export interface QuietHours {
  from: number;
  to: number;
  tz: string;
}

function at(date: CivilDate, minutes: number, tz: string): number {
  return epochOfWallTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, tz);
}

/** `channels[].quietHours`: the window, and what it holds. */
export interface QuietRule {
  hours: QuietHours;
  /** Stories at or above this urgency are not held. */
  except?: Urgency;
  /** What happens to held stories when quiet hours end: one digest (default) or nothing. */
  held: 'digest' | 'drop';
}

/** When the quiet window holding `now` ends, or null when `now` is outside it (an empty window never holds). */
export function quietHoursEnd(now: number, quiet: QuietHours): number | null {
  const { from, to, tz } = quiet;
  if (from === to) return null;
  const wall = wallTimeAt(now, tz);
  const minute = wall.hour * 60 + wall.minute;
  const today: CivilDate = wall;
  if (from < to) return minute >= from && minute < to ? at(today, to, tz) : null;
  if (minute >= from) return at(addDays(today, 1), to, tz);
  if (minute < to) return at(today, to, tz);
  return null;
}

/** `every: 1h` (an interval, aligned to multiples of it since the epoch) or `daily 08:00 Europe/Berlin`. */
export type DigestEvery = { kind: 'interval'; ms: number } | { kind: 'daily'; minute: number; tz: string };

/**
 * Reads the `every:` text. Intervals use `readDuration`; daily needs a clock time and takes an optional zone
 * (UTC when absent). Returns an error message instead of throwing so config errors can name the line.
 */
export function readDigestEvery(text: string, isZone: (tz: string) => boolean): DigestEvery | { error: string } {
  const daily = /^\s*daily\s+(\S+)(?:\s+(\S+))?\s*$/i.exec(text);
  if (daily) {
    const minute = readClockTime(daily[1]!);
    if (minute === null) return { error: `"${daily[1]}" is not a time of day (HH:MM)` };
    const tz = daily[2] ?? 'UTC';
    if (!isZone(tz)) return { error: `"${tz}" is not an IANA time zone` };
    return { kind: 'daily', minute, tz };
  }
  const ms = readDuration(text);
  if (ms === null || ms < 60_000) return { error: `"${text}" is neither a duration of at least 1m nor "daily HH:MM [zone]"` };
  return { kind: 'interval', ms };
}

/** The first digest time strictly after `after`. */
export function nextDigestAt(after: number, every: DigestEvery): number {
  if (every.kind === 'interval') return (Math.floor(after / every.ms) + 1) * every.ms;
  const wall = wallTimeAt(after, every.tz);
  const today = at(wall, every.minute, every.tz);
  return today > after ? today : at(addDays(wall, 1), every.minute, every.tz);
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "2h", "90m", "1h30m", "1d" → ms, or null. Used for snoozes typed in chat and for `every:`. */
export function readDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?\s*[smhdw]\s*)+$/.test(trimmed)) return null;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)) total += Number(m[1]) * UNITS[m[2]!]!;
  return Math.round(total);
}
