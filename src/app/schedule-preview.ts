import cron from 'node-cron';
import type { FeedState } from '../core/ports.js';

/** The next time a feed will be polled: its schedule's next tick, or later when backing off. */
export function schedulePreview(expression: string, now: number, state: FeedState | undefined): number | null {
  const task = cron.createTask(expression, () => undefined);
  try {
    // getNextRun() is null for a task that is not started; getNextRuns computes from the expression alone.
    const tick = task.getNextRuns(1)[0]?.getTime() ?? null;
    const backoff = state?.nextPollAt ?? null;
    if (tick === null) return backoff;
    return backoff && backoff > now ? Math.max(tick, backoff) : tick;
  } finally {
    void task.destroy();
  }
}
