/** The delivery-time halves of the lifecycle: planVersions at poll, decideCluster and planFollowUp at send. */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/core/model.js';
import { createClusterState, decideCluster, markClusterKilled, parseClusterState } from '../../../../src/core/lifecycle/plan-cluster.js';
import { planFollowUp } from '../../../../src/core/lifecycle/plan-follow-up.js';
import { planVersions } from '../../../../src/core/lifecycle/plan-versions.js';
import { prepareStory, type StoryInput } from '../../../../src/core/lifecycle/prepare-story.js';
import { buildEventFeatures } from '../../../../src/core/lifecycle/event-features.js';
import { createStoryState } from '../../../../src/core/lifecycle/story-state.js';

const T0 = Date.parse('2021-07-06T18:00:00Z');
const FEED = { id: 'afp', name: 'AFP World', url: 'https://afp.example/world.xml' };
const FIRST: StoryInput = {
  feedId: 'afp', id: 'afp-1', link: 'https://afp.example/kabul-districts', published: '2021-07-06T18:00:00Z',
  title: 'Kabul vows to retake districts as US pullout nears completion',
  body: 'KABUL (AFP) - The Afghan government vowed on Tuesday to retake every district lost to the Taliban as the last US troops prepare to leave. Officials spoke after talks in the capital.',
};

function alertFor(channel: string, input: StoryInput): Alert {
  return {
    channel, subscriptions: ['s-' + channel], feed: input.feedId, feedName: 'AFP World', feedUrl: FEED.url, id: input.id, title: input.title,
    link: input.link, published: input.published, matched: ['Taliban'], summary: [], firstSeenAt: T0,
  };
}

function plan(state = createStoryState(), input: StoryInput = FIRST, channels = ['desk', 'wire'], now = T0) {
  const story = prepareStory(input, now);
  return planVersions(state, { story, title: story.headline, article: input, alerts: channels.map((c) => alertFor(c, input)) },
    { feed: FEED, now, updatesOf: (c) => (c === 'wire' ? 'new' : 'thread') });
}

describe('planVersions', () => {
  it('a first sighting alerts every matching channel and remembers where', () => {
    const first = plan();
    expect(first.alerts.map((a) => a.channel)).toEqual(['desk', 'wire']);
    expect(first.followUps).toEqual([]);
    expect(first.state.stories[0]!.alertedIn).toEqual({ desk: 'afp-1', wire: 'afp-1' });
  });

  it('a changed headline under the same id is an update of each first alert, threaded or standalone per channel', () => {
    const { state } = plan();
    const next = plan(state, { ...FIRST, title: 'UPDATE 1-Kabul vows to retake districts; Taliban claim Bagram' });
    expect(next.alerts).toEqual([]);
    expect(next.followUps.map((f) => [f.channel, f.kind, f.followUp?.firstAlertId, f.followUp?.standalone ?? false]))
      .toEqual([['desk', 'update', 'afp-1', false], ['wire', 'update', 'afp-1', true]]);
    expect(next.followUps[0]!.followUp?.whatChanged).toBeTruthy();
    // The same version polled again is nothing new.
    expect(plan(next.state, { ...FIRST, title: 'UPDATE 1-Kabul vows to retake districts; Taliban claim Bagram' }).followUps).toEqual([]);
  });

  it('a kill under a new id edits the first alerts and alerts nobody new; a kill of an unknown story is nothing', () => {
    const { state } = plan();
    const kill = plan(state, { ...FIRST, id: 'afp-2', title: 'KILL - Kabul vows to retake districts as US pullout nears completion', body: 'This story has been withdrawn.' }, []);
    expect(kill.followUps.map((f) => [f.channel, f.kind, f.followUp?.firstAlertId])).toEqual([['desk', 'kill', 'afp-1'], ['wire', 'kill', 'afp-1']]);
    expect(kill.alerts).toEqual([]);
    expect(plan(createStoryState(), { ...FIRST, title: 'KILL - Something else entirely happened today' }).followUps).toEqual([]);
  });

  it('withdrawal words that are news, not a notice, neither drop a new story nor strike the first alert', () => {
    const quoted: StoryInput = {
      ...FIRST, id: 'afp-9', link: 'https://afp.example/bagram-demand', title: 'Taliban demand US leave Bagram air base within days',
      body: '"Please withdraw from Bagram before Friday," a Taliban spokesman said in a statement to US commanders on Monday.',
    };
    expect(plan(createStoryState(), quoted).alerts.map((a) => a.channel)).toEqual(['desk', 'wire']);
    expect(plan(createStoryState(), { ...quoted, title: 'Withdrawn: last US troops leave Bagram air base' }).alerts).toHaveLength(2);
    const { state } = plan();
    const update = plan(state, { ...FIRST, title: `UPDATE 2-${FIRST.title}`,
      body: `"Please withdraw your forces from Bagram," a Taliban spokesman told reporters. ${FIRST.body}` });
    expect(update.followUps.map((f) => f.kind)).toEqual(['update', 'update']);
  });

  it('a channel that starts matching a later version gets the story as its first alert there', () => {
    const { state } = plan(undefined, FIRST, ['desk']);
    const next = plan(state, { ...FIRST, title: 'UPDATE 1-Kabul vows to retake districts; Taliban claim Bagram' }, ['desk', 'wire']);
    expect(next.alerts.map((a) => a.channel)).toEqual(['wire']);
    expect(next.followUps.map((f) => f.channel)).toEqual(['desk']);
  });
});

describe('decideCluster', () => {
  const features = (h: string, lede: string) => buildEventFeatures(h, lede);
  const afp = { itemId: 'afp-1', feedId: 'afp', at: T0, features: features('Kabul vows to retake districts from Taliban', 'The Afghan government vowed to retake every district lost to the Taliban as US troops leave') };
  const rtr = { itemId: 'rtr-9', feedId: 'rtr', at: T0 + 600_000, features: features('Afghan government pledges to retake districts from Taliban', 'Afghanistan government pledged to retake districts lost to the Taliban as US troops leave') };
  const other = { itemId: 'ap-3', feedId: 'ap', at: T0 + 900_000, features: features('Taliban fighters seize border crossing with Iran', 'Taliban fighters took control of the Islam Qala crossing on the Iranian border, officials in Herat said') };

  it('another outlet within the window is "also" under the first alert; different events stay apart; decisions replay', () => {
    let state = createClusterState();
    const a = decideCluster(state, afp, { now: T0 });
    expect(a.decision).toEqual({ kind: 'new' });
    const r = decideCluster(a.state, rtr, { now: T0 + 600_000 });
    expect(r.decision).toEqual({ kind: 'also', rootKey: 'afp-1' });
    const o = decideCluster(r.state, other, { now: T0 + 900_000 });
    expect(o.decision).toEqual({ kind: 'new' });
    state = o.state;
    expect(decideCluster(state, rtr, { now: T0 + 999_000 }).decision).toEqual({ kind: 'also', rootKey: 'afp-1' });
    expect(decideCluster(state, afp, { now: T0 + 999_000 }).decision).toEqual({ kind: 'new' });
  });

  it('outside the window, or after the first alert was killed, a story is its own alert', () => {
    const { state } = decideCluster(createClusterState(), afp, { now: T0 });
    expect(decideCluster(state, { ...rtr, at: T0 + 7 * 3_600_000 }, { now: T0 + 7 * 3_600_000 }).decision.kind).toBe('new');
    expect(decideCluster(markClusterKilled(state, 'afp-1'), rtr, { now: T0 + 600_000 }).decision.kind).toBe('new');
  });

  it('is bounded by count and by age, and reads a damaged value as empty', () => {
    let state = createClusterState();
    for (let i = 0; i < 30; i++) state = decideCluster(state, { ...other, itemId: `x${i}`, feedId: `f${i}` }, { now: T0, limits: { ttlMs: 1000, maxStories: 10 } }).state;
    expect(state.stories).toHaveLength(10);
    expect(decideCluster(state, afp, { now: T0 + 5000, limits: { ttlMs: 1000, maxStories: 10 } }).state.stories).toHaveLength(1);
    expect(parseClusterState({ stories: [{ key: 1 }] })).toEqual({ stories: [] });
    expect(parseClusterState('junk')).toEqual({ stories: [] });
  });
});

describe('planFollowUp', () => {
  const sent = { messageId: 'm1', ref: { channelId: 'c1' } };
  const update = { kind: 'update' as const, followUp: { firstAlertId: 'a' } };
  const kill = { kind: 'kill' as const, followUp: { firstAlertId: 'a' } };
  const also = { kind: 'also' as const, followUp: { firstAlertId: 'a' } };
  it('replies, edits or stands alone by what the first delivery left', () => {
    expect(planFollowUp(update, sent)).toEqual({ how: 'reply' });
    expect(planFollowUp({ ...update, followUp: { firstAlertId: 'a', standalone: true } }, sent)).toEqual({ how: 'standalone' });
    expect(planFollowUp(update, undefined)).toEqual({ how: 'standalone' });
    expect(planFollowUp(update, { messageId: 'd', ref: { digest: 'true' } })).toEqual({ how: 'standalone' });
    expect(planFollowUp(update, { messageId: 'm', ref: { also: 'true' } }).how).toBe('skip');
    expect(planFollowUp(kill, sent)).toEqual({ how: 'edit' });
    expect(planFollowUp(kill, { messageId: 'm', ref: { also: 'true' } })).toEqual({ how: 'edit' });
    expect(planFollowUp(kill, undefined).how).toBe('skip');
    expect(planFollowUp(kill, { messageId: null, ref: { skipped: 'true' } }).how).toBe('skip');
    expect(planFollowUp(kill, { messageId: 'd', ref: { digest: 'true' } })).toEqual({ how: 'standalone' });
    expect(planFollowUp(also, sent)).toEqual({ how: 'reply' });
    expect(planFollowUp(also, undefined)).toEqual({ how: 'plain' });
  });
  it('gives a first alert posted without a message id (console, webhook) follow-ups of their own', () => {
    const line = { messageId: null, ref: {} };
    expect(planFollowUp(update, line)).toEqual({ how: 'standalone' });
    expect(planFollowUp(kill, line)).toEqual({ how: 'standalone' });
    expect(planFollowUp(also, line)).toEqual({ how: 'standalone' });
    expect(planFollowUp(update, { messageId: null, ref: { skipped: 'true' } }).how).toBe('skip');
    expect(planFollowUp(also, { messageId: null, ref: { also: 'true' } })).toEqual({ how: 'plain' });
  });
});
