import { describe, expect, it } from 'vitest';
import { classifyStory, rememberStory, type LifecycleDecision } from '../../../../src/core/lifecycle/classify-story.js';
import { shortenText } from '../../../../src/core/lifecycle/describe-change.js';
import { fingerprintText, normaliseLink } from '../../../../src/core/lifecycle/fingerprint-text.js';
import type { StoryInput } from '../../../../src/core/lifecycle/prepare-story.js';
import { createStoryState, type ChannelStoryState } from '../../../../src/core/lifecycle/story-state.js';

const T0 = Date.parse('2021-07-02T06:00:00Z');
const BASE: StoryInput = {
  feedId: 'rtr', id: 'g1', link: 'https://rtr.example/world/bagram-1', published: '2021-07-02T06:00:00Z',
  title: 'U.S. troops leave Bagram air base, officials say',
  body: 'KABUL, July 2 (Reuters) - The last U.S. troops left Bagram air base on Friday, officials said. The base was handed to Afghan forces. The Pentagon declined to comment.',
};

function seen(...items: StoryInput[]): ChannelStoryState {
  let state = createStoryState();
  for (const item of items) {
    const { decision, story } = classifyStory(item, state, { now: T0 });
    state = rememberStory(state, story, decision, T0);
  }
  return state;
}
const decide = (state: ChannelStoryState, item: StoryInput): LifecycleDecision => classifyStory(item, state, { now: T0 + 3_600_000 }).decision;

describe('fingerprints', () => {
  it('ignore case, whitespace, punctuation, accents and dotted initials', () => {
    expect(fingerprintText('U.S. troops  leave—Bagram!')).toBe(fingerprintText('us troops leave bagram'));
    expect(fingerprintText('Kabul’s “base”')).toBe(fingerprintText("Kabul's base"));
    expect(fingerprintText('troops leave Bagram')).not.toBe(fingerprintText('troops left Bagram'));
  });

  it('links lose tracking parameters, fragments, trailing slashes and the scheme', () => {
    expect(normaliseLink('https://X.example/a/b/?utm_source=rss&id=7&fbclid=z#top')).toBe('x.example/a/b?id=7');
    expect(normaliseLink('http://x.example/a/b?id=7')).toBe('x.example/a/b?id=7');
    expect(normaliseLink('not a url')).toBeNull();
  });
});

describe('versions of one story', () => {
  it('a first sight is new; the same item again is same', () => {
    expect(decide(createStoryState(), BASE)).toEqual({ kind: 'new' });
    expect(decide(seen(BASE), BASE)).toMatchObject({ kind: 'same', via: 'id' });
  });

  it('whitespace, markup, tracking parameters and REFILE alone are same', () => {
    const state = seen(BASE);
    expect(decide(state, { ...BASE, body: `<p>${BASE.body.replace(/ /g, '\n ')}</p>` }).kind).toBe('same');
    expect(decide(state, { ...BASE, link: `${BASE.link}?utm_campaign=x` }).kind).toBe('same');
    expect(decide(state, { ...BASE, title: `REFILE-${BASE.title}` }).kind).toBe('same');
  });

  it('a changed headline under the same guid is an update saying the new headline', () => {
    expect(decide(seen(BASE), { ...BASE, title: 'UPDATE 1-Last U.S. troops quit Bagram, Afghans take over' })).toEqual({
      kind: 'update', story: 'rtr g1', via: 'id', whatChanged: 'Last U.S. troops quit Bagram, Afghans take over',
    });
  });

  it('a note says what changed; else the first new sentence, cut short', () => {
    const state = seen(BASE);
    expect(decide(state, { ...BASE, body: `(Adds quotes from ministry in paragraph 4) ${BASE.body} The ministry said so.` }))
      .toMatchObject({ kind: 'update', whatChanged: 'Adds quotes from ministry in paragraph 4' });
    const long = `The defence ministry said ${'the handover went smoothly and '.repeat(8)}on time.`;
    const d = decide(state, { ...BASE, body: `${BASE.body} ${long}` });
    expect(d).toMatchObject({ kind: 'update' });
    const text = d.kind === 'update' ? d.whatChanged : '';
    expect(text.startsWith('The defence ministry said the handover')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(160);
  });

  it('a new guid for the same link is a version of the story', () => {
    expect(decide(seen(BASE), { ...BASE, id: 'g2', link: `${BASE.link}/?utm_source=feed`, title: `UPDATE 2-${BASE.title}`, body: `${BASE.body} More.` }))
      .toMatchObject({ kind: 'update', story: 'rtr g1', via: 'link' });
  });

  it('a slug match needs a marker or look-alike text', () => {
    const first = { ...BASE, slug: 'AFGHANISTAN-CONFLICT/' };
    const other = { ...BASE, id: 'g9', link: 'https://rtr.example/world/refugees', slug: 'AFGHANISTAN-CONFLICT/', title: 'Pakistan says it cannot take more refugees', body: 'ISLAMABAD (Reuters) - Pakistan cannot absorb more refugees, an adviser said.' };
    expect(decide(seen(first), other).kind).toBe('new');
    expect(decide(seen(first), { ...other, title: `UPDATE 1-${other.title}` })).toMatchObject({ kind: 'update', via: 'slug' });
  });

  it('the same headline from the same feed is one story within the window, not days later', () => {
    const copy = { ...BASE, id: 'g3', link: 'https://rtr.example/world/other', body: `${BASE.body} Extra.` };
    expect(decide(seen(BASE), copy)).toMatchObject({ kind: 'update', via: 'headline' });
    expect(decide(seen(BASE), { ...copy, published: '2021-07-06T06:00:00Z' }).kind).toBe('new');
  });

  it('corrections are flagged once; a kill wins and is acted on once', () => {
    const corrected = { ...BASE, title: `CORRECTED-${BASE.title}`, body: BASE.body.replace('Friday', 'Thursday') };
    expect(decide(seen(BASE), corrected)).toMatchObject({ kind: 'correction', whatChanged: expect.stringContaining('Thursday') });
    expect(decide(seen(BASE, corrected), corrected).kind).toBe('same');
    const kill = { ...BASE, title: 'KILL', body: 'Please kill this story.' };
    expect(decide(seen(BASE), kill)).toMatchObject({ kind: 'kill', story: 'rtr g1' });
    expect(decide(seen(BASE), { ...BASE, pubStatus: 'canceled' }).kind).toBe('kill');
    expect(decide(seen(BASE, kill), kill).kind).toBe('same');
  });

  it('another feed never makes a version, only "also"', () => {
    const afp = { ...BASE, feedId: 'afp', title: 'US troops leave Bagram air base', body: 'Bagram (AFP) - The last US troops left Bagram air base on Friday, officials said.' };
    expect(decide(seen(BASE), afp)).toMatchObject({ kind: 'also', story: 'rtr g1' });
    expect(decide(seen(BASE), { ...afp, published: '2021-07-02T13:00:00Z' }).kind).toBe('new');
  });

  it('shortenText cuts at a word', () => {
    expect(shortenText('one two three four', 12)).toBe('one two…');
    expect(shortenText('short', 12)).toBe('short');
  });
});
