import { describe, expect, test } from 'vitest';
import { planBurstStep } from '../../../../src/core/attention/plan-burst.js';

const rule = { max: 5, perMs: 120_000 };
const T = Date.parse('2026-11-25T12:00:00Z');
const queued = (...offsets: number[]) => offsets.map((s) => ({ enqueuedAt: T + s * 1000 }));

describe('planBurstStep', () => {
  test('the first alert opens a window and is sent; the window counts it', () => {
    expect(planBurstStep(rule, undefined, queued(0, 1), T)).toEqual({ kind: 'send', window: { start: T, sent: 1 } });
  });

  test('up to max per window are sent; past it the channel waits for the window to close', () => {
    expect(planBurstStep(rule, { start: T, sent: 4 }, queued(10), T + 10_000)).toEqual({ kind: 'send', window: { start: T, sent: 5 } });
    expect(planBurstStep(rule, { start: T, sent: 5 }, queued(10, 11), T + 30_000)).toEqual({ kind: 'wait', until: T + 120_000 });
  });

  test('once the window closed, every due alert queued in it goes out as one digest; later ones are not in it', () => {
    const due = queued(10, 30, 119, 125, 130);
    expect(planBurstStep(rule, { start: T, sent: 5 }, due, T + 121_000)).toEqual({ kind: 'digest', count: 3, window: { start: T, sent: 5 } });
  });

  test('an alert queued after the window closed opens the next one, even when sent late', () => {
    expect(planBurstStep(rule, { start: T, sent: 5 }, queued(125), T + 600_000)).toEqual({ kind: 'send', window: { start: T + 125_000, sent: 1 } });
  });

  test('an alert queued before the current window (it waited behind a retry) is sent and not counted', () => {
    expect(planBurstStep(rule, { start: T, sent: 5 }, queued(-30), T + 1000)).toEqual({ kind: 'send', window: { start: T, sent: 5 } });
  });

  test('counting by queue time: alerts that waited out a platform outage are not a flood of their own', () => {
    // Queued one per 10 minutes while the platform was down, all sent at once an hour later: each opens its window.
    let window;
    for (let i = 0; i < 6; i++) {
      const step = planBurstStep(rule, window, queued(i * 600), T + 3_600_000);
      expect(step.kind).toBe('send');
      window = step.kind === 'send' ? step.window : window;
    }
  });
});
