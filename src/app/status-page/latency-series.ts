import type { LatencySample } from './alert-journal.js';

export interface LatencyBucket {
  /** Start of the bucket (epoch ms). */
  from: number;
  count: number;
  /** null when nothing was delivered in the bucket. */
  p50: number | null;
  p95: number | null;
}

export interface LatencySeries {
  from: number;
  to: number;
  buckets: LatencyBucket[];
  /** Over the whole window. */
  overall: { count: number; p50: number | null; p95: number | null };
  /** The single deliveries behind the percentiles, evenly thinned to at most MAX_POINTS. */
  points: LatencySample[];
}

const MAX_POINTS = 600;

/** Nearest-rank percentile of an ascending list: the value at least `p` of the samples do not exceed. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50/p95 of poll-to-post latency per bucket over [to - windowMs, to). */
export function computeLatencySeries(samples: readonly LatencySample[], to: number, windowMs = 60 * 60_000,
  bucketCount = 12): LatencySeries {
  const from = to - windowMs;
  const width = windowMs / bucketCount;
  const perBucket: number[][] = Array.from({ length: bucketCount }, () => []);
  const all: number[] = [];
  const inWindow = samples.filter((s) => s.at >= from && s.at < to);
  for (const s of inWindow) {
    perBucket[Math.min(bucketCount - 1, Math.floor((s.at - from) / width))]!.push(s.ms);
    all.push(s.ms);
  }
  const stride = Math.max(1, Math.ceil(inWindow.length / MAX_POINTS));
  const points = inWindow.filter((_, i) => i % stride === 0);
  const ascending = (list: number[]) => list.sort((a, b) => a - b);
  const buckets = perBucket.map((list, i) => {
    ascending(list);
    return { from: from + i * width, count: list.length, p50: percentile(list, 50), p95: percentile(list, 95) };
  });
  ascending(all);
  return { from, to, buckets, overall: { count: all.length, p50: percentile(all, 50), p95: percentile(all, 95) },
    points };
}
