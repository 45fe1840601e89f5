/**
 * Runs labelled lifecycle cases through the classifier and scores them: precision and recall of "same story"
 * (a version of the right earlier story) and "same event" (folded into the right earlier alert).
 */
import type { BackgroundWords } from '../../src/core/lifecycle/background-words.js';
import { classifyStory, rememberStory, type LifecycleDecision } from '../../src/core/lifecycle/classify-story.js';
import { ClusterMemory } from '../../src/core/lifecycle/cluster-memory.js';
import { prepareStory } from '../../src/core/lifecycle/prepare-story.js';
import { createStoryState, makeStoryKey } from '../../src/core/lifecycle/story-state.js';
import type { LifecycleCase } from '../fixtures/lifecycle/case-types.js';

export interface CaseResult {
  case: LifecycleCase;
  decision: LifecycleDecision;
  /** The decision names the expected story (or none is expected and it names none). */
  rightStory: boolean;
}

const VERSION_KINDS = new Set(['same', 'update', 'correction', 'kill']);

function readClock(published: string | null, fallback: number): number {
  const t = published ? Date.parse(published) : NaN;
  return Number.isFinite(t) ? t : fallback;
}

/** The channel sees `earlier` in order (each decided and remembered), then `later` is decided. */
export function runLifecycleCase(c: LifecycleCase): CaseResult {
  let state = createStoryState();
  let now = readClock(c.earlier[0]?.published ?? null, 0);
  for (const item of c.earlier) {
    now = Math.max(now, readClock(item.published, now)) + 60_000;
    const { decision, story } = classifyStory(item, state, { now });
    state = rememberStory(state, story, decision, now);
  }
  now = Math.max(now, readClock(c.later.published, now)) + 60_000;
  const { decision } = classifyStory(c.later, state, { now });
  const target = c.earlier[c.of ?? 0];
  const expectedKey = target ? makeStoryKey(target.feedId, target.id) : null;
  const rightStory = decision.kind === 'new' ? c.expect === 'new' : decision.story === expectedKey;
  return { case: c, decision, rightStory };
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

function scoreCases(results: CaseResult[], expected: (c: LifecycleCase) => boolean, predicted: (d: LifecycleDecision) => boolean): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of results) {
    const isPositive = expected(r.case);
    const saysPositive = predicted(r.decision);
    if (saysPositive && isPositive && r.rightStory) tp++;
    else if (saysPositive) fp++;
    if (isPositive && !(saysPositive && r.rightStory)) fn++;
  }
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

export function scoreSameStory(results: CaseResult[]): Score {
  return scoreCases(results, (c) => VERSION_KINDS.has(c.expect), (d) => VERSION_KINDS.has(d.kind));
}

export function scoreSameEvent(results: CaseResult[]): Score {
  return scoreCases(results, (c) => c.expect === 'also', (d) => d.kind === 'also');
}

/** Cases whose decision kind is the labelled one (update vs correction vs same …), of all cases. */
export function countRightKinds(results: CaseResult[]): number {
  return results.filter((r) => r.decision.kind === r.case.expect && r.rightStory).length;
}

/**
 * A same-event case as the app decides it (core/lifecycle/cluster-memory), comparing both sides less the words
 * `background` says are common in the stream: whether `later` is folded into the right earlier alert.
 */
export function decideEventCase(c: LifecycleCase, background: BackgroundWords): { also: boolean; rightStory: boolean } {
  const memory = new ClusterMemory();
  let now = readClock(c.earlier[0]?.published ?? null, 0);
  const decide = (item: LifecycleCase['later']) => {
    now = Math.max(now, readClock(item.published, now)) + 60_000;
    const story = prepareStory(item, now);
    return memory.decide({ itemId: makeStoryKey(item.feedId, item.id), feedId: item.feedId, features: story.features, at: story.at }, now, { background });
  };
  c.earlier.forEach(decide);
  const decision = decide(c.later);
  const target = c.earlier[c.of ?? 0];
  const also = decision.kind === 'also';
  return { also, rightStory: also ? decision.rootKey === makeStoryKey(target!.feedId, target!.id) : c.expect !== 'also' };
}
