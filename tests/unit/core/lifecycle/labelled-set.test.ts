/**
 * The labelled lifecycle set (tests/fixtures/lifecycle, own words): precision and recall of "same story" and
 * "same event", printed for BENCHMARKS.md. The thresholds were tuned on this same set, so the figures are
 * in-sample; the assertions leave room for one miss in each measure, never for a false merge of a hard negative.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_CASES } from '../../../fixtures/lifecycle/event-cases.js';
import { VERSION_CASES } from '../../../fixtures/lifecycle/version-cases.js';
import { countRightKinds, runLifecycleCase, scoreSameEvent, scoreSameStory, type Score } from '../../../helpers/run-lifecycle-cases.js';

const CASES = [...VERSION_CASES, ...EVENT_CASES];
const results = CASES.map(runLifecycleCase);
const formatScore = (name: string, s: Score): string =>
  `${name}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives})`;

describe('labelled lifecycle set', () => {
  it('has at least 40 cases of every kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const group of ['write-through', 'same', 'correction', 'kill', 'cross-outlet', 'hard-negative']) {
      expect(CASES.filter((c) => c.group === group).length, group).toBeGreaterThanOrEqual(5);
    }
  });

  it('merges none of the hard negatives', () => {
    const merged = results.filter((r) => r.case.group === 'hard-negative' && r.decision.kind !== 'new');
    expect(merged.map((r) => `${r.case.name}: ${JSON.stringify(r.decision)}`)).toEqual([]);
  });

  it('reports precision and recall of "same story" and "same event"', () => {
    const story = scoreSameStory(results);
    const event = scoreSameEvent(results);
    const kinds = countRightKinds(results);
    process.stdout.write(`[lifecycle] ${CASES.length} cases\n[lifecycle] ${formatScore('same story', story)}\n` +
      `[lifecycle] ${formatScore('same event', event)}\n[lifecycle] right kind and story: ${kinds} of ${CASES.length}\n`);
    const positives = (s: Score): number => s.truePositives + s.falseNegatives;
    expect(positives(story)).toBeGreaterThanOrEqual(25);
    expect(positives(event)).toBeGreaterThanOrEqual(10);
    expect(story.precision).toBeGreaterThanOrEqual(0.95);
    expect(story.recall).toBeGreaterThanOrEqual(0.95);
    expect(event.precision).toBeGreaterThanOrEqual(0.9);
    expect(event.recall).toBeGreaterThanOrEqual(0.9);
    expect(kinds).toBeGreaterThanOrEqual(CASES.length - 2);
  });
});
