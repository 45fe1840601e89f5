import { describe, expect, it } from 'vitest';
import { classifyStory, rememberStory } from '../../../../src/core/lifecycle/classify-story.js';
import { buildEventFeatures, measureEventSimilarity, readLede } from '../../../../src/core/lifecycle/event-features.js';
import {
  addStory, capStories, createStoryState, expireStories, lookupStory, parseStoryState, type StoryRecord,
} from '../../../../src/core/lifecycle/story-state.js';

const HOUR = 3_600_000;
function record(key: string, lastSeenAt: number): StoryRecord {
  return {
    key, feedId: 'f', ids: [key], link: null, slug: null, headline: key, headlineHash: 1, bodyHash: 2, sentenceHashes: [3],
    features: [4, 5], at: lastSeenAt, firstSeenAt: lastSeenAt, lastSeenAt, versions: 1, corrected: false, killed: false,
  };
}

describe('channel story state', () => {
  it('adds, looks up, replaces by key and leaves its input alone', () => {
    const empty = createStoryState();
    const one = addStory(empty, record('a', 0));
    expect(empty.stories).toEqual([]);
    expect(lookupStory(one, 'a')?.lastSeenAt).toBe(0);
    const again = addStory(addStory(one, record('b', 1)), record('a', 2));
    expect(again.stories.map((s) => s.key)).toEqual(['b', 'a']);
    expect(lookupStory(again, 'missing')).toBeUndefined();
  });

  it('expires by TTL since last seen and caps by count, least recently seen first', () => {
    let state = createStoryState();
    for (let i = 0; i < 10; i++) state = addStory(state, record(`s${i}`, i * HOUR), 1000);
    expect(expireStories(state, 10 * HOUR, 5 * HOUR).stories.map((s) => s.key)).toEqual(['s5', 's6', 's7', 's8', 's9']);
    expect(capStories(state, 3).stories.map((s) => s.key)).toEqual(['s7', 's8', 's9']);
    expect(addStory(state, record('new', 11 * HOUR), 4).stories.map((s) => s.key)).toEqual(['s7', 's8', 's9', 'new']);
  });

  it('survives a JSON round trip, and a damaged value reads as empty', () => {
    const item = { feedId: 'f', id: 'x', title: 'Taliban take border post', body: 'KABUL (Reuters) - Taliban fighters took a post.', link: null, published: null };
    const { decision, story } = classifyStory(item, createStoryState(), { now: 5 });
    const state = rememberStory(createStoryState(), story, decision, 5);
    const back = parseStoryState(JSON.parse(JSON.stringify(state)));
    expect(back).toEqual(state);
    expect(classifyStory(item, back, { now: 6 }).decision.kind).toBe('same');
    expect(parseStoryState('nonsense')).toEqual({ stories: [] });
    expect(parseStoryState({ stories: [{ key: 1 }, ...state.stories] }).stories).toHaveLength(1);
  });

  it('keeps the first version\'s key and features through updates, and remembers "also" stories linked to the alert', () => {
    const first = { feedId: 'rtr', id: 'a', title: 'US troops leave Bagram air base', body: 'KABUL (Reuters) - The last US troops left Bagram air base, officials said.', link: null, published: '2021-07-02T06:00:00Z' };
    let state = createStoryState();
    for (const item of [first, { ...first, title: 'UPDATE 1-Last US troops quit Bagram' }, { ...first, feedId: 'afp', id: 'b', body: 'Bagram (AFP) - The last US troops left Bagram air base, officials said.' }]) {
      const { decision, story } = classifyStory(item, state, { now: Date.parse('2021-07-02T07:00:00Z') });
      state = rememberStory(state, story, decision, Date.parse('2021-07-02T07:00:00Z'));
    }
    expect(state.stories.map((s) => [s.key, s.versions, s.clusterOf ?? null])).toEqual([['rtr a', 2, null], ['afp b', 1, 'rtr a']]);
  });
});

describe('event features', () => {
  it('drop the dateline, function words and reporting verbs; stems match word forms', () => {
    expect(readLede('KABUL, July 2 (Reuters) - Troops left. More text here.')).toBe('Troops left. More text here.');
    expect(buildEventFeatures('Troops withdraw', '')).toEqual(buildEventFeatures('the troop withdrawal', 'said Reuters'));
  });

  it('Jaccard over sorted hashes', () => {
    expect(measureEventSimilarity([1, 2, 3], [2, 3, 4])).toBe(0.5);
    expect(measureEventSimilarity([], [1])).toBe(0);
    expect(measureEventSimilarity([1, 2], [1, 2])).toBe(1);
  });
});
