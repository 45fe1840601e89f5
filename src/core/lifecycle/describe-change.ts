/**
 * The "what changed" line of an update: short, never the whole story again. In order of what a desk reads
 * best: the wire's own note ("Adds quotes from ministry in paragraph 4"), else the first sentence the earlier
 * version did not have, cut short, else the new headline.
 */
import { truncateAtWord } from '../text/truncate-at-word.js';
import type { PreparedStory } from './prepare-story.js';
import type { StoryRecord } from './story-state.js';

export const CHANGE_TEXT_MAX = 160;

/** Cuts text at a word boundary to at most `max` characters; the cut drops trailing punctuation before its "…". */
export function shortenText(text: string, max = CHANGE_TEXT_MAX): string {
  if (text.length <= max) return text;
  const cut = truncateAtWord(text, max - 1, '');
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}

export function describeChange(previous: StoryRecord, next: PreparedStory): string {
  // The wire's own note first: it says what changed in the editors' words. The new headline is in the
  // follow-up's title already, so it is the line only when no sentence is new.
  if (next.advisory) return shortenText(capitalise(next.advisory));
  const before = new Set(previous.sentenceHashes);
  const index = next.sentenceHashes.findIndex((h) => !before.has(h));
  if (index >= 0) return shortenText(next.sentences[index]!);
  if (next.headline && next.headlineHash !== previous.headlineHash) return shortenText(next.headline);
  // Every sentence was there before: the new version only dropped text.
  return next.sentenceHashes.length < previous.sentenceHashes.length ? 'Removes text' : 'Revises the text';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
