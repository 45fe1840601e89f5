/**
 * The story lifecycle's memory: per feed, the stories it alerted (versions, which channels got them); per
 * channel, the events alerted there (clusters). One JSON value each, bounded by count in core/lifecycle and
 * expired by the store's TTL, so a feed or channel gone quiet costs nothing after three days.
 */
import type { Keyv } from 'keyv';
import { parseClusterState, type ClusterState } from '../core/lifecycle/plan-cluster.js';
import { parseStoryState, STORY_LIMITS, type ChannelStoryState } from '../core/lifecycle/story-state.js';
import type { StoryStore } from '../core/ports.js';

export function createStoryStore(kv: Keyv<unknown>, ttlMs = STORY_LIMITS.ttlMs): StoryStore {
  return {
    async loadFeed(feedId): Promise<ChannelStoryState> {
      return parseStoryState(await kv.get(`stories:feed:${feedId}`));
    },
    async saveFeed(feedId, state) {
      await kv.set(`stories:feed:${feedId}`, state, ttlMs);
    },
    async loadChannel(channel): Promise<ClusterState> {
      return parseClusterState(await kv.get(`stories:channel:${channel}`));
    },
    async saveChannel(channel, state) {
      await kv.set(`stories:channel:${channel}`, state, ttlMs);
    },
  };
}
