/** The three measured poll cycles (first, steady 200, unchanged 304) and the baseline, for one feed count. */
import type { BenchApp } from './poll-app.js';
import { countNew } from './poll-corpus.js';
import type { BenchFeedServer } from './poll-feed-server.js';
import { fmt, load, progress, runBaseline, timed } from './poll-measure.js';

export const BASELINE_LANES = 16;

export interface CycleRow {
  feeds: number;
  subscriptions: number;
  cycle: 'first' | 'steady' | 'unchanged';
  seconds: number;
  cpuSeconds: number;
  ok: number;
  notModified: number;
  items: number;
  alerts: number;
  failures: number;
  deliverSeconds: number;
  load: string;
}

export interface BaselineRow {
  feeds: number;
  seconds: number;
  cpuSeconds: number;
  items: number;
  failures: number;
  load: string;
}

/** `between` runs after each cycle (memory readings); its time is not counted. */
export async function measureCycles(bench: BenchApp, server: BenchFeedServer, feeds: number, subscriptions: number,
  between: (cycle: CycleRow['cycle']) => void = () => undefined): Promise<CycleRow[]> {
  const rows: CycleRow[] = [];
  const plan: Array<[CycleRow['cycle'], number]> = [['first', 0], ['steady', 1], ['unchanged', 1]];
  for (const [cycle, version] of plan) {
    if (cycle === 'steady') await server.advance();
    const before = await server.stats();
    const { metrics } = bench.app.runtime;
    const failuresBefore = metrics.pollFailures;
    const queuedBefore = metrics.alertsQueued;
    const poll = await timed(() => bench.app.runtime.pollAll());
    const deliver = await timed(() => bench.app.runtime.drain(120_000));
    const after = await server.stats();
    const row: CycleRow = {
      feeds, subscriptions, cycle, seconds: poll.seconds, cpuSeconds: poll.cpuSeconds,
      ok: after.ok - before.ok, notModified: after.notModified - before.notModified,
      items: cycle === 'unchanged' ? 0 : countNew(feeds, version),
      alerts: metrics.alertsQueued - queuedBefore, failures: metrics.pollFailures - failuresBefore,
      deliverSeconds: deliver.seconds, load: load(),
    };
    rows.push(row);
    progress('poll-cycle', `${feeds} feeds ${cycle}: ${fmt(row.seconds)} s (cpu ${fmt(row.cpuSeconds)} s), ` +
      `${row.ok}×200 ${row.notModified}×304, ${row.alerts} alerts (then delivered in ${fmt(row.deliverSeconds)} s), ` +
      `${row.failures} failures, load ${row.load}`);
    between(cycle);
  }
  return rows;
}

export async function measureBaseline(server: BenchFeedServer, feeds: number, urlOf?: (feed: number) => string): Promise<BaselineRow> {
  const base = await timed(() => runBaseline(server, feeds, BASELINE_LANES, urlOf));
  const row = { feeds, seconds: base.seconds, cpuSeconds: base.cpuSeconds, ...base.value, load: load() };
  progress('poll-cycle', `${feeds} feeds baseline fetch+parseString: ${fmt(row.seconds)} s (cpu ${fmt(row.cpuSeconds)} s), ${row.items} items`);
  return row;
}
