import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../src/feeds/parse-date.js';

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 24 Nov 2026 08:30:00 GMT', '2026-11-24T08:30:00.000Z'],
    ['Tue, 24 Nov 2026 08:30:00 +0530', '2026-11-24T03:00:00.000Z'],
    ['24 Nov 2026 08:30 EST', '2026-11-24T13:30:00.000Z'],
    ['Tue, 24 Nov 26 08:30:00 CEST', '2026-11-24T06:30:00.000Z'],
    ['Tuesday, 24 November 2026 08:30:00 BST', '2026-11-24T07:30:00.000Z'],
    ['Tue, 24 Sept 2026 08:30:00 Z', '2026-09-24T08:30:00.000Z'],
    ['2026-11-24T08:30:00Z', '2026-11-24T08:30:00.000Z'],
    ['2026-11-24T08:30:00.250+02:00', '2026-11-24T06:30:00.250Z'],
    ['2026-11-24 08:30:00', '2026-11-24T08:30:00.000Z'],
    ['2026-11-24', '2026-11-24T00:00:00.000Z'],
    ['1518478934', '2018-02-12T23:42:14.000Z'],
    ['November 24, 2026 8:30 PM', '2026-11-24T20:30:00.000Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(iso);
  });

  it.each(['', '   ', 'not a date', 'Someday 99 Foo 2026', '0000-00-00'])('%j → null', (raw) => {
    expect(parseFeedDate(raw)).toBeNull();
  });
});
