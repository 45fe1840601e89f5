/**
 * A large config's YAML read on a worker thread of its own. The parsed document of 100,000 subscriptions is
 * hundreds of MiB (BENCHMARKS.md, "run --once"), and V8 keeps the pages a heap grew to: parsed on the main thread,
 * the process stayed at that size for its whole life. A worker's heap goes away with the worker, and what crosses
 * back is the plain value (a structured clone, tens of MiB). Only the fast path: a document with any problem gives
 * `undefined`, and the caller reads it again on its own thread for the problem's line.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Below this a worker's start-up (tens of ms) costs more than the heap it saves. */
export const APART_FROM_BYTES = 1 << 20;

/**
 * How every config document is read, here and on the main thread (load-config), so both build the same value.
 * Integers as BigInt: an unquoted 18-digit Discord channel id must not lose digits (substitute-env converts back).
 * `<<: *anchor` merge keys let admins share headers or schedules between feeds.
 */
export const DOCUMENT_OPTIONS = { intAsBigInt: true, uniqueKeys: true, prettyErrors: true, merge: true } as const;
export const TO_JS_OPTIONS = { maxAliasCount: 100 } as const;

// Evaluated, not a file: the same code runs from src/ under tsx and from the built dist/.
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { parseDocument } = require(workerData.yaml);
const doc = parseDocument(workerData.text, workerData.documentOptions);
let value;
let ok = doc.errors.length === 0;
if (ok) {
  try { value = doc.toJS(workerData.toJsOptions); } catch { ok = false; }
}
parentPort.postMessage(ok ? { ok, value } : { ok });
`;

/** The config text's plain value, or undefined when it has a problem (or the worker could not run). */
export function readYamlApart(text: string): Promise<{ value: unknown } | undefined> {
  const yaml = createRequire(import.meta.url).resolve('yaml');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: { value: unknown } | undefined) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { text, yaml, documentOptions: DOCUMENT_OPTIONS, toJsOptions: TO_JS_OPTIONS } });
    worker.once('message', (m: { ok: boolean; value?: unknown }) => settle(m.ok ? { value: m.value } : undefined));
    worker.once('error', () => settle(undefined));
    worker.once('exit', () => settle(undefined));
  });
}
