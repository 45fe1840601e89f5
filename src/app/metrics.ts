/** Prometheus counters kept in memory; one registry per process. */
export interface Metrics {
  polls: number;
  pollFailures: number;
  alertsQueued: number;
  alertsDelivered: number;
  deliveryFailures: number;
  /** Delivery latency (first fetch → post), seconds, cumulative histogram buckets. */
  latencyBuckets: Map<number, number>;
  latencySum: number;
  latencyCount: number;
}

const BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, Infinity];

export function createMetrics(): Metrics {
  return {
    polls: 0, pollFailures: 0, alertsQueued: 0, alertsDelivered: 0, deliveryFailures: 0,
    latencyBuckets: new Map(BUCKETS.map((b) => [b, 0])), latencySum: 0, latencyCount: 0,
  };
}

export function observeLatency(m: Metrics, ms: number): void {
  const s = Math.max(0, ms) / 1000;
  for (const b of BUCKETS) if (s <= b) m.latencyBuckets.set(b, (m.latencyBuckets.get(b) ?? 0) + 1);
  m.latencySum += s;
  m.latencyCount++;
}

export function renderMetrics(m: Metrics): string {
  const lines = [
    '# HELP newsbot_polls_total Feed polls attempted.', '# TYPE newsbot_polls_total counter', `newsbot_polls_total ${m.polls}`,
    '# HELP newsbot_poll_failures_total Feed polls that failed.', '# TYPE newsbot_poll_failures_total counter',
    `newsbot_poll_failures_total ${m.pollFailures}`,
    '# HELP newsbot_alerts_queued_total Alerts queued for delivery.', '# TYPE newsbot_alerts_queued_total counter',
    `newsbot_alerts_queued_total ${m.alertsQueued}`,
    '# HELP newsbot_alerts_delivered_total Alerts posted to a platform.', '# TYPE newsbot_alerts_delivered_total counter',
    `newsbot_alerts_delivered_total ${m.alertsDelivered}`,
    '# HELP newsbot_delivery_failures_total Failed delivery attempts (retried or disabled).',
    '# TYPE newsbot_delivery_failures_total counter', `newsbot_delivery_failures_total ${m.deliveryFailures}`,
    '# HELP newsbot_delivery_latency_seconds Time from first fetch of an item to its post.',
    '# TYPE newsbot_delivery_latency_seconds histogram',
  ];
  for (const [b, n] of m.latencyBuckets) lines.push(`newsbot_delivery_latency_seconds_bucket{le="${b === Infinity ? '+Inf' : b}"} ${n}`);
  lines.push(`newsbot_delivery_latency_seconds_sum ${m.latencySum}`, `newsbot_delivery_latency_seconds_count ${m.latencyCount}`);
  return `${lines.join('\n')}\n`;
}
