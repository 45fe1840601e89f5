import { describe, expect, test } from 'vitest';
import { findHold, planHoldStep, type HoldRules } from '../../../../src/core/attention/plan-hold.js';
import type { Urgency } from '../../../../src/core/attention/urgency.js';

// 21:00 UTC is 01:30 in Kabul (UTC+4:30): inside a 22:00–06:00 quiet window, which ends at 01:30 UTC.
const NIGHT = Date.parse('2026-11-25T21:00:00Z');
const MORNING = Date.parse('2026-11-26T01:30:00Z');
const quiet: HoldRules = { quiet: { hours: { from: 22 * 60, to: 6 * 60, tz: 'Asia/Kabul' }, except: 'urgent', held: 'digest' } };
const due = (at: number, subscriptions = ['s'], urgency?: Urgency) => ({ enqueuedAt: at, alert: { subscriptions, ...(urgency ? { urgency } : {}) } });

describe('findHold', () => {
  test('quiet hours hold routine stories until the window ends, over midnight and in the zone', () => {
    expect(findHold(due(NIGHT), quiet)).toEqual({ reason: 'quiet', group: `quiet:${MORNING}`, until: MORNING });
    expect(findHold(due(Date.parse('2026-11-25T12:00:00Z')), quiet)).toBeNull();
  });

  test('stories at or above `except` are not held; notices never are', () => {
    expect(findHold(due(NIGHT, ['s'], 'urgent'), quiet)).toBeNull();
    expect(findHold(due(NIGHT, ['s'], 'flash'), quiet)).toBeNull();
    expect(findHold({ enqueuedAt: NIGHT, alert: { subscriptions: [], kind: 'notice' } }, quiet)).toBeNull();
  });

  test('a story is held for a digest subscription only when every subscription it matched is one', () => {
    const rules: HoldRules = { digests: new Map([['roundup', { kind: 'interval', ms: 3_600_000 }]]) };
    const at = Date.parse('2026-11-25T12:20:00Z');
    expect(findHold(due(at, ['roundup']), rules)).toEqual({
      reason: 'digest', group: `digest:roundup:${Date.parse('2026-11-25T13:00:00Z')}`, until: Date.parse('2026-11-25T13:00:00Z'), subscription: 'roundup',
    });
    expect(findHold(due(at, ['roundup', 'instant-one']), rules)).toBeNull();
  });
});

describe('planHoldStep', () => {
  test('held stories are passed over: the urgent one behind them goes out first', () => {
    const list = [due(NIGHT), due(NIGHT + 1000), due(NIGHT + 2000, ['s'], 'flash')];
    expect(planHoldStep(quiet, undefined, list, NIGHT + 3000, 20)).toEqual({ kind: 'send', index: 2 });
    expect(planHoldStep(quiet, undefined, list.slice(0, 2), NIGHT + 3000, 20)).toEqual({ kind: 'wait' });
  });

  test('when the window has ended its stories go out as one digest (at most maxItems), or are dropped', () => {
    const list = [due(NIGHT), due(NIGHT + 1000), due(MORNING + 5000), due(NIGHT + 2000)];
    const step = planHoldStep(quiet, undefined, list, MORNING + 6000, 20);
    expect(step).toMatchObject({ kind: 'digest', reason: 'quiet', indexes: [0, 1, 3] });
    expect(planHoldStep(quiet, undefined, list, MORNING + 6000, 2)).toMatchObject({ kind: 'digest', indexes: [0, 1] });
    const dropping: HoldRules = { quiet: { ...quiet.quiet!, held: 'drop' } };
    expect(planHoldStep(dropping, undefined, list, MORNING + 6000, 20)).toEqual({ kind: 'drop', indexes: [0, 1, 3] });
  });

  test('flood control counts only the stories that are not held', () => {
    const rules: HoldRules = { ...quiet, burst: { max: 1, perMs: 60_000 } };
    const list = [due(NIGHT), due(NIGHT + 1000, ['s'], 'urgent'), due(NIGHT + 2000, ['s'], 'urgent')];
    expect(planHoldStep(rules, undefined, list, NIGHT + 3000, 20)).toEqual({ kind: 'send', index: 1, window: { start: NIGHT + 1000, sent: 1 } });
    expect(planHoldStep(rules, { start: NIGHT + 1000, sent: 1 }, [list[0]!, list[2]!], NIGHT + 3000, 20)).toEqual({ kind: 'wait' });
    expect(planHoldStep(rules, { start: NIGHT + 1000, sent: 1 }, [list[0]!, list[2]!], NIGHT + 62_000, 20))
      .toMatchObject({ kind: 'digest', reason: 'burst', indexes: [1] });
  });
});

describe('snoozes', () => {
  const from = Date.parse('2026-11-25T12:00:00Z');
  const until = from + 7_200_000;
  const rules: HoldRules = { snoozes: new Map([['a', { from, until }], ['b', { from, until: until + 3_600_000 }]]) };

  test('held when every matched subscription was snoozed when it was queued; released at the first end', () => {
    expect(findHold(due(from + 1000, ['a']), rules)).toEqual({ reason: 'snooze', group: `snooze:a:${until}`, until, subscription: 'a' });
    expect(findHold(due(from + 1000, ['b', 'a']), rules)).toMatchObject({ subscription: 'a', until });
    expect(findHold(due(from + 1000, ['a', 'instant']), rules)).toBeNull();
    expect(findHold(due(from - 1000, ['a']), rules)).toBeNull();
    expect(findHold(due(until, ['a']), rules)).toBeNull();
  });

  test('the summary goes out once the snooze ended; or the matches are dropped with held: drop', () => {
    const list = [due(from + 1000, ['a']), due(from + 2000, ['a'])];
    expect(planHoldStep(rules, undefined, list, until - 1, 20)).toEqual({ kind: 'wait' });
    expect(planHoldStep(rules, undefined, list, until, 20)).toMatchObject({ kind: 'digest', reason: 'snooze', indexes: [0, 1] });
    expect(planHoldStep({ ...rules, snoozeHeld: 'drop' }, undefined, list, until, 20)).toEqual({ kind: 'drop', indexes: [0, 1] });
  });
});
