import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../core/ports.js';

export interface ScheduledFeed {
  id: string;
  schedule: string;
}

export interface PollTicks {
  stop(): Promise<void>;
  /** When the feed's schedule next fires; null for a feed it does not schedule. */
  nextRun(feedId: string): Date | null;
}

export type SchedulePolls = (feeds: readonly ScheduledFeed[], onTick: (feedIds: string[]) => Promise<void>, log: Logger) => PollTicks;

/**
 * One cron task per distinct schedule rather than per feed: ten thousand feeds on the default schedule
 * cost one timer, and each tick polls its group through the bounded pool.
 */
export function schedulePolls(feeds: readonly ScheduledFeed[], onTick: (feedIds: string[]) => Promise<void>,
  log: Logger): PollTicks {
  const groups = new Map<string, string[]>();
  for (const feed of feeds) groups.set(feed.schedule, [...(groups.get(feed.schedule) ?? []), feed.id]);
  const tasks = new Map<string, ScheduledTask>();
  for (const [expression, ids] of groups) {
    const task = cron.schedule(expression, async () => {
      try {
        await onTick(ids);
      } catch (err) {
        log.error({ err, schedule: expression }, 'poll tick failed');
      }
    }, { name: `poll ${expression}` });
    tasks.set(expression, task);
  }
  const scheduleOf = new Map(feeds.map((f) => [f.id, f.schedule]));
  return {
    async stop() {
      await Promise.all([...tasks.values()].map(async (t) => { await t.stop(); await t.destroy(); }));
    },
    nextRun(feedId) {
      const expr = scheduleOf.get(feedId);
      return expr ? tasks.get(expr)?.getNextRun() ?? null : null;
    },
  };
}
