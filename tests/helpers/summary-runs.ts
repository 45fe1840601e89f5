/** Summary runs for hand-made alerts: `marked('a **b** c')` for our own text, `hl`/`plain` around feed text. */
import type { TextRun } from '../../src/core/model.js';
import { readSummaryRuns } from '../../src/core/summary/summary-runs.js';

export const marked = (text: string): TextRun[] => readSummaryRuns(text);
export const hl = (text: string): TextRun => ({ kind: 'text', text, highlighted: true });
export const plain = (text: string): TextRun => ({ kind: 'text', text });
