/**
 * Starts a worker thread on a module next to this one, both from the build and from the sources: `dist/` has
 * `<name>.js` beside this file and node runs it as it is; under vitest and tsx (tests, benches) only
 * `<name>.ts` exists, so a small bootstrap registers tsx's loader in the thread first (tsx is a dev dependency,
 * present wherever the sources run).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// Evaluated as CommonJS in the thread: register tsx's ES module hooks (its ESM API; `--import tsx` does not apply
// inside a worker), then import the TypeScript entry.
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => { setImmediate(() => { throw err; }); });`;

export function spawnWorker(name: string, opts: WorkerOptions = {}): Worker {
  const built = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, opts);
  const source = new URL(`./${name}.ts`, import.meta.url);
  if (!existsSync(fileURLToPath(source))) throw new Error(`worker module ${name} not found next to ${fileURLToPath(import.meta.url)}`);
  // require.resolve answers the CommonJS build of tsx/esm/api; the ES module build sits beside it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return new Worker(TS_BOOTSTRAP, { ...opts, eval: true, workerData: { ...(opts.workerData ?? {}), entry: source.href, tsxApi } });
}
