/** Timing helpers shared by the poll benches: wall time, this process's CPU time, machine load. */
import { loadavg } from 'node:os';
import Parser from 'rss-parser';
import type { BenchFeedServer } from './poll-feed-server.js';

export interface Timed<T> {
  value: T;
  seconds: number;
  /** CPU seconds of this process (user + system) during the run. */
  cpuSeconds: number;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const value = await fn();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { value, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

export function progress(scope: string, message: string): void {
  process.stderr.write(`[bench/${scope}] ${message}\n`);
}

/** One-minute load average: on a shared 2-core machine it says how much the figures were squeezed. */
export function load(): string {
  return loadavg()[0]!.toFixed(1);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * The baseline: `fetch` + `rss-parser.parseString` over the same feeds, `lanes` loops in parallel (the
 * concurrency our fetcher gets), no conditional GET, no store, no matching.
 */
export async function runBaseline(server: BenchFeedServer, feeds: number, lanes: number,
  urlOf: (feed: number) => string = server.url): Promise<{ items: number; failures: number }> {
  const parser = new Parser();
  let next = 0;
  let items = 0;
  let failures = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < feeds) {
      const feed = next++;
      try {
        const res = await fetch(urlOf(feed));
        const parsed = await parser.parseString(await res.text());
        items += parsed.items.length;
      } catch {
        failures++;
      }
    }
  }));
  return { items, failures };
}
