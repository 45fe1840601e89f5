/** An article read once for the lifecycle: markers off, fingerprints and event features computed. */
import { extractText } from '../extract-text.js';
import type { Article } from '../model.js';
import { splitSentences } from '../summary/split-sentences.js';
import { buildEventFeatures, readLede } from './event-features.js';
import { fingerprintText, normaliseLink } from './fingerprint-text.js';
import { readBodyAdvisory } from './read-body-advisory.js';
import { readHeadlineMarkers, type MarkerFlags } from './read-wire-markers.js';

/**
 * What the lifecycle reads of an article. `Article` (core/model) fits as it is; `pubStatus` and `slug` are
 * optional because the feed layer does not read ninjs `pubstatus` or slug lines yet (a feed whose
 * `urgency.from` names such an element gets it in `wire`, which is read too: `pubstatus`, `slugline`, `slug`).
 */
export interface StoryInput extends Pick<Article, 'feedId' | 'id' | 'title' | 'body' | 'link' | 'published'> {
  wire?: Readonly<Record<string, string>>;
  /** ninjs `pubstatus`: `usable`, `withheld`, `canceled`. */
  pubStatus?: string;
  /** A wire slug line ("BC-AS--Afghanistan-Bagram,1st Ld-Writethru", "AFGHANISTAN-CONFLICT/BAGRAM"). */
  slug?: string;
}

export interface PreparedStory {
  feedId: string;
  id: string;
  /** Normalised link (no tracking parameters), or null. */
  link: string | null;
  slug: string | null;
  /** Clean headline without markers. */
  headline: string;
  /** Clean body without the wire's note. */
  body: string;
  /** The wire's note about this version, or null. */
  advisory: string | null;
  /** Markers from the headline, slug, note and pubstatus together. */
  markers: MarkerFlags;
  headlineHash: number;
  bodyHash: number;
  /** The body's sentences (clean text) and their fingerprints, in order. */
  sentences: string[];
  sentenceHashes: number[];
  features: number[];
  /** Event time: the published date, else the clock. */
  at: number;
}

const MAX_SENTENCES = 40;

export function prepareStory(input: StoryInput, now: number): PreparedStory {
  const head = readHeadlineMarkers(extractText(input.title), {
    ...(input.slug !== undefined ? { slug: input.slug } : {}),
    ...(input.wire ? { wire: input.wire } : {}),
    ...(input.pubStatus !== undefined ? { pubStatus: input.pubStatus } : {}),
  });
  const note = readBodyAdvisory(extractText(input.body));
  const sentences = splitSentences(note.body)
    .map((s) => note.body.slice(s.start, s.end))
    .filter((s) => fingerprintText(s) !== fingerprintText(''))
    .slice(0, MAX_SENTENCES);
  return {
    feedId: input.feedId,
    id: input.id,
    link: normaliseLink(input.link),
    slug: head.slug,
    headline: head.headline,
    body: note.body,
    advisory: note.advisory,
    markers: {
      update: head.update || note.update,
      refile: head.refile || note.refile,
      correction: head.correction || note.correction,
      kill: head.kill || note.kill,
    },
    headlineHash: fingerprintText(head.headline),
    bodyHash: fingerprintText(note.body),
    sentences,
    sentenceHashes: sentences.map(fingerprintText),
    features: buildEventFeatures(head.headline, readLede(note.body)),
    at: storyTime(input.published, now),
  };
}

/** A story's event time: its published date, else `now` (the lifecycle's clock when it reads the story). */
export function storyTime(published: string | null | undefined, now: number): number {
  const at = published ? Date.parse(published) : NaN;
  return Number.isFinite(at) ? at : now;
}
