import { describe, expect, it } from 'vitest';
import { admitToBurst, type BurstWindow } from '../../../../src/core/attention/burst.js';
import { nextDigestAt, quietHoursEnd, readDigestEvery, readDuration } from '../../../../src/core/attention/schedule.js';
import { epochOfWallTime, isTimeZone, offsetAt, wallTimeAt } from '../../../../src/core/attention/zoned-time.js';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const night = (tz: string) => ({ from: 22 * 60, to: 6 * 60, tz });

describe('zoned time', () => {
  it('knows half-hour offsets and DST offsets', () => {
    expect(offsetAt(t('2026-07-01T12:00:00Z'), 'Asia/Kabul')).toBe(4.5 * 3_600_000);
    expect(offsetAt(t('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(offsetAt(t('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(wallTimeAt(t('2026-11-24T19:45:00Z'), 'Asia/Kabul')).toEqual({ year: 2026, month: 11, day: 25, hour: 0, minute: 15 });
  });

  it('moves a wall time skipped in spring on by the gap and takes the first of a doubled autumn time', () => {
    const wall = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
    expect(iso(epochOfWallTime(wall, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(epochOfWallTime({ ...wall, month: 10, day: 25 }, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(iso(epochOfWallTime({ ...wall, month: 10, day: 25, hour: 3 }, 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000Z');
  });

  it('tells IANA zones from junk', () => {
    expect(isTimeZone('Asia/Kabul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('quiet hours', () => {
  it('a window over midnight in Kabul holds from 22:00 to 06:00 local on both sides of midnight', () => {
    expect(iso(quietHoursEnd(t('2026-11-24T18:00:00Z'), night('Asia/Kabul')))).toBe('2026-11-25T01:30:00.000Z'); // 22:30 local
    expect(iso(quietHoursEnd(t('2026-11-24T23:00:00Z'), night('Asia/Kabul')))).toBe('2026-11-25T01:30:00.000Z'); // 03:30 local
    expect(quietHoursEnd(t('2026-11-24T17:29:00Z'), night('Asia/Kabul'))).toBeNull(); // 21:59 local
    expect(quietHoursEnd(t('2026-11-25T01:30:00Z'), night('Asia/Kabul'))).toBeNull(); // 06:00 local: over
  });

  it('ends at 06:00 local on the nights the clocks change', () => {
    expect(iso(quietHoursEnd(t('2026-03-28T22:00:00Z'), night('Europe/Berlin')))).toBe('2026-03-29T04:00:00.000Z'); // 7 h night
    expect(iso(quietHoursEnd(t('2026-10-24T21:00:00Z'), night('Europe/Berlin')))).toBe('2026-10-25T05:00:00.000Z'); // 9 h night
    expect(iso(quietHoursEnd(t('2026-03-08T04:00:00Z'), night('America/New_York')))).toBe('2026-03-08T10:00:00.000Z'); // EDT
  });

  it('a daytime window holds only inside it; an empty one never holds', () => {
    const lunch = { from: 13 * 60, to: 14 * 60, tz: 'UTC' };
    expect(iso(quietHoursEnd(t('2026-11-24T13:10:00Z'), lunch))).toBe('2026-11-24T14:00:00.000Z');
    expect(quietHoursEnd(t('2026-11-24T14:10:00Z'), lunch)).toBeNull();
    expect(quietHoursEnd(t('2026-11-24T14:10:00Z'), { from: 600, to: 600, tz: 'UTC' })).toBeNull();
  });
});

describe('digest periods', () => {
  it('reads intervals and daily times with a zone, and says why it cannot', () => {
    expect(readDigestEvery('1h', isTimeZone)).toEqual({ kind: 'interval', ms: 3_600_000 });
    expect(readDigestEvery('daily 08:00 America/New_York', isTimeZone)).toEqual({ kind: 'daily', minute: 480, tz: 'America/New_York' });
    expect(readDigestEvery('daily 08:00', isTimeZone)).toEqual({ kind: 'daily', minute: 480, tz: 'UTC' });
    expect(readDigestEvery('daily 25:00', isTimeZone)).toEqual({ error: '"25:00" is not a time of day (HH:MM)' });
    expect(readDigestEvery('daily 08:00 Mars/Base', isTimeZone)).toEqual({ error: '"Mars/Base" is not an IANA time zone' });
    expect(readDigestEvery('30s', isTimeZone)).toHaveProperty('error');
  });

  it('an hourly digest falls on the next full hour', () => {
    expect(iso(nextDigestAt(t('2026-11-24T10:20:00Z'), { kind: 'interval', ms: 3_600_000 }))).toBe('2026-11-24T11:00:00.000Z');
    expect(iso(nextDigestAt(t('2026-11-24T11:00:00Z'), { kind: 'interval', ms: 3_600_000 }))).toBe('2026-11-24T12:00:00.000Z');
  });

  it('a daily 08:00 New York digest stays at 08:00 local across the March change', () => {
    const every = { kind: 'daily' as const, minute: 480, tz: 'America/New_York' };
    const first = nextDigestAt(t('2026-03-07T12:00:00Z'), every);
    expect(iso(first)).toBe('2026-03-07T13:00:00.000Z'); // 08:00 EST
    const second = nextDigestAt(first, every);
    expect(iso(second)).toBe('2026-03-08T12:00:00.000Z'); // 08:00 EDT, 23 h later
    expect(iso(nextDigestAt(second, every))).toBe('2026-03-09T12:00:00.000Z');
  });
});

describe('durations and bursts', () => {
  it('reads snooze durations as typed in chat', () => {
    expect(['2h', '90m', '1h30m', '1d', '45s', ' 2 h '].map(readDuration)).toEqual([7_200_000, 5_400_000, 5_400_000, 86_400_000, 45_000, 7_200_000]);
    expect(['', '2', 'soon', '-1h', '2x'].map(readDuration)).toEqual([null, null, null, null, null]);
  });

  it('admits 5 of 20 alerts in a 2-minute window, then opens a fresh window when it closes', () => {
    const rule = { max: 5, perMs: 120_000 };
    const start = t('2026-11-24T10:00:00Z');
    let window: BurstWindow | undefined;
    const admitted: boolean[] = [];
    let closesAt = 0;
    for (let i = 0; i < 20; i++) {
      const d = admitToBurst(window, start + i * 1_000, rule);
      admitted.push(d.admit);
      window = d.window;
      closesAt = d.closesAt;
    }
    expect(admitted.filter(Boolean)).toHaveLength(5);
    expect(admitted.slice(0, 5).every(Boolean)).toBe(true);
    expect(closesAt).toBe(start + 120_000);
    const later = admitToBurst(window, start + 120_000, rule);
    expect(later).toEqual({ admit: true, window: { start: start + 120_000, sent: 1 }, closesAt: start + 240_000 });
  });
});
