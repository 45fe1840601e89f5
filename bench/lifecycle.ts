/**
 * bench/lifecycle: the labelled lifecycle set's precision and recall (tests/fixtures/lifecycle), and the cost
 * of checking one article against a channel that remembers N stories. Every remembered story is inside the
 * 6 h window and from another feed, so each check compares against all N: the worst case for a channel.
 */
import { classifyStory, decideLifecycle, rememberStory } from '../src/core/lifecycle/classify-story.js';
import { prepareStory, type PreparedStory, type StoryInput } from '../src/core/lifecycle/prepare-story.js';
import { createStoryState, type ChannelStoryState } from '../src/core/lifecycle/story-state.js';
import { EVENT_CASES } from '../tests/fixtures/lifecycle/event-cases.js';
import { VERSION_CASES } from '../tests/fixtures/lifecycle/version-cases.js';
import { countRightKinds, runLifecycleCase, scoreSameEvent, scoreSameStory, type Score } from '../tests/helpers/run-lifecycle-cases.js';
import { createArticle, createRandom, createVocabulary } from './lib/match-corpus.js';

const COUNTS = [100, 1_000, 5_000];
const PROBES = 500;
const NOW = Date.parse('2021-07-02T12:00:00Z');

function log(msg: string): void {
  process.stderr.write(`[bench/lifecycle] ${msg}\n`);
}

/** CPU ms of the best of three runs (less sensitive to other load than wall time). */
function cpuMs(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    fn();
    const t = process.cpuUsage(t0);
    best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}

function createInputs(count: number, seed: number): StoryInput[] {
  const r = createRandom(seed);
  const vocabulary = createVocabulary(r, 2000, 500);
  return Array.from({ length: count }, (_, i) => {
    const raw = createArticle(r, vocabulary);
    return { feedId: `feed-${i % 20}`, id: `s${seed}-${i}`, title: raw.title, body: raw.body, link: null, published: new Date(NOW - (i % 300) * 60_000).toISOString() };
  });
}

function fillState(inputs: StoryInput[]): ChannelStoryState {
  let state = createStoryState();
  for (const input of inputs) {
    const story = prepareStory(input, NOW);
    state = rememberStory(state, story, { kind: 'new' }, NOW, { ttlMs: Infinity, maxStories: inputs.length });
  }
  return state;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const scoreRow = (name: string, s: Score): string =>
  `| ${name} | ${s.truePositives + s.falseNegatives} | ${pct(s.precision)} | ${pct(s.recall)} | ${s.falsePositives} | ${s.falseNegatives} |`;

export async function runBench(): Promise<string> {
  const cases = [...VERSION_CASES, ...EVENT_CASES];
  const results = cases.map(runLifecycleCase);
  const story = scoreSameStory(results);
  const event = scoreSameEvent(results);
  const negatives = results.filter((r) => r.case.group === 'hard-negative');
  const falseMerges = negatives.filter((r) => r.decision.kind !== 'new').length;

  const probes = createInputs(PROBES, 7).map((p) => ({ ...p, feedId: 'probe-feed', published: new Date(NOW).toISOString() }));
  const prepared: PreparedStory[] = probes.map((p) => prepareStory(p, NOW));
  const rows: string[] = [];
  for (const count of COUNTS) {
    const state = fillState(createInputs(count, count));
    log(`${count} remembered stories, ${JSON.stringify(state).length} bytes as JSON`);
    const full = cpuMs(() => {
      for (const p of probes) classifyStory(p, state, { now: NOW });
    });
    const decide = cpuMs(() => {
      for (const p of prepared) decideLifecycle(state, p, { now: NOW });
    });
    const remember = cpuMs(() => {
      for (const p of prepared) rememberStory(state, p, { kind: 'new' }, NOW, { ttlMs: Infinity, maxStories: count });
    });
    const bytes = JSON.stringify(state).length;
    rows.push(`| ${count.toLocaleString('en-US')} | ${((full / PROBES) * 1000).toFixed(0)} µs | ${((decide / PROBES) * 1000).toFixed(0)} µs | ${((remember / PROBES) * 1000).toFixed(0)} µs | ${(bytes / 1024).toFixed(0)} KiB |`);
  }
  return `## Story lifecycle classification (bench/lifecycle)

The labelled set in tests/fixtures/lifecycle (${cases.length} own-words cases: ${VERSION_CASES.length} versions of one story
— write-throughs, no-change resends, corrections, kills — and ${EVENT_CASES.length} cross-outlet duplicates and hard
negatives). Reproduce with \`npx vitest run tests/unit/core/lifecycle/labelled-set.test.ts\` (prints the figures).
The thresholds (same-event Jaccard ${'≥'} 0.25, slug-only matches ${'≥'} 0.35) were chosen on this same set, so these are
in-sample figures, not a held-out estimate.

| measure | positives | precision | recall | false merges | misses |
|---|---|---|---|---|---|
${scoreRow('same story (version of the right earlier story)', story)}
${scoreRow('same event (folded into the right earlier alert)', event)}

Right kind (new / same / update / correction / kill / also) and right story: ${countRightKinds(results)} of ${cases.length}.
Hard negatives merged: ${falseMerges} of ${negatives.length}.

Cost of one check (CPU, best of 3, ${PROBES} articles of 2–5 KB of HTML): \`classifyStory\` reads the article (text
extraction, markers, fingerprints, features) and decides; \`decideLifecycle\` is the decision alone on a prepared
article; \`rememberStory\` is the state update after a \`new\` (it copies the story list). Worst case: every
remembered story is in the window.

| remembered stories | classifyStory | decideLifecycle | rememberStory | state as JSON |
|---|---|---|---|---|
${rows.join('\n')}`;
}
