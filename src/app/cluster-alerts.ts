/**
 * The poll's clustering step: each first alert about to be queued is checked against what its channel was
 * alerted to (core/lifecycle/cluster-memory), and another outlet's copy of an event the channel already has
 * becomes "also reported by" the first alert. Decided here, before the entry is queued, so the decision is
 * durable in the outbox entry itself: a retried or re-claimed entry, or a restart, sends the same thing, and
 * delivery does no clustering work. Kills found by the same poll close their events first.
 */
import type { BackgroundWords } from '../core/lifecycle/background-words.js';
import type { ClusterCandidate } from '../core/lifecycle/cluster-memory.js';
import type { Alert } from '../core/model.js';
import type { StoryStore } from '../core/ports.js';

/** `lifecycle.window`, `lifecycle.threshold` and the channels' `clusters` (LifecycleSettings fits). */
export interface ClusterSettings {
  windowMs: number;
  threshold: number;
  /** `channels[].clusters: off`. */
  clustersOff: (channel: string) => boolean;
  /** The stream's background words (core/lifecycle/background-words). */
  background?: BackgroundWords;
}

export interface FirstAlert {
  alert: Alert;
  /** The story's event features; absent for alerts outside the lifecycle. */
  cluster?: Omit<ClusterCandidate, 'itemId'>;
}

export async function clusterAlerts(firsts: readonly FirstAlert[], followUps: readonly Alert[], stories: StoryStore,
  now: number, settings: ClusterSettings): Promise<Alert[]> {
  const on = (channel: string) => !settings.clustersOff(channel);
  const kills = followUps.filter((a) => a.kind === 'kill' && a.followUp && on(a.channel));
  const clustered = ({ alert, cluster }: FirstAlert) => !!cluster && (alert.kind ?? 'alert') === 'alert' && on(alert.channel);
  const candidates = firsts.filter(clustered);
  if (candidates.length === 0 && kills.length === 0) return firsts.map((f) => f.alert);
  const channels = [...candidates.map((f) => f.alert.channel), ...kills.map((a) => a.channel)];
  const window = { windowMs: settings.windowMs, threshold: settings.threshold,
    ...(settings.background ? { background: settings.background } : {}) };
  return stories.withClusters(channels, now, (memoryOf) => {
    for (const kill of kills) memoryOf(kill.channel).markKilled(kill.followUp!.firstAlertId);
    const out = firsts.map((f) => f.alert);
    // In order, an article's channels one after another: they share the index's walk for it (core/lifecycle/event-index).
    firsts.forEach((first, i) => {
      if (!clustered(first)) return;
      const { alert, cluster } = first;
      const decision = memoryOf(alert.channel).decide({ itemId: alert.id, ...cluster! }, now, window);
      if (decision.kind === 'also') out[i] = { ...alert, kind: 'also', followUp: { firstAlertId: decision.rootKey } };
    });
    return out;
  });
}
