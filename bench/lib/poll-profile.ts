/**
 * Where the time goes, by pipeline stage: V8's sampling CPU profiler over a run of the real pipeline, each
 * sample charged to the stage of the innermost frame that belongs to a known module (library frames inherit
 * the stage of our code that called them, so rss-parser under src/feeds/parse-xml-feed counts as parsing).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export const STAGES = ['fetch-body', 'parse', 'text + match', 'summary + alerts', 'dedupe + store', 'delivery bookkeeping', 'versions',
  'clustering', 'console', 'runtime', 'logging', 'GC', 'other'] as const;
export type Stage = (typeof STAGES)[number];

const RULES: Array<[RegExp, Stage]> = [
  [/\/src\/feeds\/(http-get|read-body|limiter|create-fetcher|feed-state|classify-error|redact-url)\./, 'fetch-body'],
  [/\/src\/net\/(guarded-connect|address-policy)\./, 'fetch-body'],
  [/\/node_modules\/undici\//, 'fetch-body'],
  [/\/src\/feeds\//, 'parse'],
  [/\/node_modules\/(rss-parser|xml2js|sax)\//, 'parse'],
  [/\/src\/core\/(matcher|text|query)\/|\/src\/core\/extract-text\./, 'text + match'],
  [/\/src\/core\/(summary|alerts)\//, 'summary + alerts'],
  [/\/src\/store\/|\/node_modules\/(better-sqlite3|keyv|@keyv)\//, 'dedupe + store'],
  [/\/src\/platforms\/console\//, 'console'],
  [/\/src\/app\/create-logger\.|\/node_modules\/(pino|sonic-boom|fast-redact)/, 'logging'],
  [/\/src\/app\//, 'runtime'],
  [/^node:internal\/(net|stream|http|_http|streams|dns|zlib)|^node:(net|stream|http|zlib)/, 'fetch-body'],
];

// Issue 14's two halves: "also reported by" clustering, and the rest of the story lifecycle (versions, kills).
const CLUSTERING = /\/src\/(app\/cluster-alerts\.|core\/lifecycle\/(cluster-memory|event-index|background-words)\.|store\/cluster-segments\.)/;
const LIFECYCLE = /\/src\/(core\/lifecycle\/|app\/plan-story-alerts\.|app\/follow-up-delivery\.|store\/story-store\.)/;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function stageOfFrame(node: ProfileNode): Stage | null {
  const { url, functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (!url) return null;
  for (const [pattern, stage] of RULES) if (pattern.test(url)) return stage;
  return null;
}

export interface StageProfile {
  /** Milliseconds of samples per stage (idle excluded). */
  ms: Record<Stage, number>;
  busyMs: number;
  idleMs: number;
}

export async function profileStages<T>(fn: () => Promise<T>): Promise<{ value: T; profile: StageProfile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let stopped = false;
  const stop = async () => {
    stopped = true;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    // BENCH_PROFILE=<file.cpuprofile> keeps the raw profile for Chrome DevTools or speedscope.
    if (process.env.BENCH_PROFILE) writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
    return profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  try {
    const value = await fn();
    return { value, profile: attribute(await stop()) };
  } finally {
    if (!stopped) await stop();
  }
}

function attribute(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): StageProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, Stage | 'idle'>();
  const delivery = new Map<number, boolean>();
  const underDelivery = (id: number): boolean => {
    const known = delivery.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = /\/src\/app\/deliver-pending\./.test(byId.get(id)!.callFrame.url) || (up !== undefined && underDelivery(up));
    delivery.set(id, result);
    return result;
  };
  // Everything the story lifecycle calls (text extraction, sentence splitting, its store reads and writes)
  // is its cost: issue 14 bounds the lifecycle as a whole, not its own frames.
  const lifecycle = new Map<number, Stage | null>();
  const lifecycleOf = (id: number): Stage | null => {
    const known = lifecycle.get(id);
    if (known !== undefined) return known;
    const url = byId.get(id)!.callFrame.url;
    const up = parent.get(id);
    // Clustering anywhere on the stack wins: clustering code called from the poll's lifecycle step is clustering,
    // and so is what clustering calls (the story store's cluster reads and writes, feature building).
    const above = up === undefined ? null : lifecycleOf(up);
    const result: Stage | null = above === 'clustering' || CLUSTERING.test(url) ? 'clustering' : LIFECYCLE.test(url) ? 'versions' : above;
    lifecycle.set(id, result);
    return result;
  };
  const stageOf = (id: number): Stage | 'idle' => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    let stage: Stage | 'idle' | null = node.callFrame.functionName === '(idle)' ? 'idle' : stageOfFrame(node);
    if (!stage) {
      const up = parent.get(id);
      stage = up === undefined ? 'other' : stageOf(up);
    }
    const lifecycleStage = stage !== 'idle' && stage !== 'GC' ? lifecycleOf(id) : null;
    if (lifecycleStage) stage = lifecycleStage;
    // Store calls made by the delivery loop (outbox claim/complete, seen marks) are delivery, not dedupe.
    else if (stage === 'dedupe + store' && underDelivery(id)) stage = 'delivery bookkeeping';
    memo.set(id, stage);
    return stage;
  };
  const ms = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const delta = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const stage = stageOf(id);
    if (stage === 'idle') idleMs += delta;
    else ms[stage] += delta;
  });
  const busyMs = STAGES.reduce((sum, s) => sum + ms[s], 0);
  return { ms, busyMs, idleMs };
}
