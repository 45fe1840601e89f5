/**
 * The story lifecycle's memory: per feed, the stories it alerted (versions, which channels got them); per
 * channel, the events alerted there (clusters, kept in segments by store/cluster-segments). Bounded by count in
 * core/lifecycle and expired by the store's TTL, so a feed or channel gone quiet costs nothing after three days.
 *
 * Each value is stored as a JSON string we encode ourselves: Keyv's own serializer walks every number of every
 * story's features in JavaScript, which at a channel's thousand stories cost far more than the lifecycle itself
 * (BENCHMARKS.md, "Story lifecycle cost"); a string passes through it as one value. Older values stored as
 * objects still read.
 */
import type { Keyv } from 'keyv';
import { parseStoryState, STORY_LIMITS, type ChannelStoryState } from '../core/lifecycle/story-state.js';
import type { StoryStore } from '../core/ports.js';
import { createClusterSegmentStore } from './cluster-segments.js';
import { decodeStoredJson } from './stored-json.js';

export function createStoryStore(kv: Keyv<unknown>, ttlMs = STORY_LIMITS.ttlMs): StoryStore {
  const clusters = createClusterSegmentStore(kv, ttlMs);
  return {
    async loadFeed(feedId): Promise<ChannelStoryState> {
      return parseStoryState(decodeStoredJson(await kv.get(`stories:feed:${feedId}`)));
    },
    async saveFeed(feedId, state) {
      await kv.set(`stories:feed:${feedId}`, JSON.stringify(state), ttlMs);
    },
    withClusters(channels, now, decide) {
      return clusters.withClusters(channels, now, (round) => decide((channel) => round.memoryOf(channel)));
    },
    flush: () => clusters.flush(),
  };
}
