/**
 * The 10,000-feed run, shared by bench/poll-cycle (its cycle times) and bench/memory (its memory readings):
 * one child process does both, once per `npm run bench`, since a 10,000-feed cycle is the costliest part.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LargeRunReport } from './poll-large-child.js';

let running: Promise<LargeRunReport> | null = null;

export function runLargeCycles(): Promise<LargeRunReport> {
  running ??= new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./poll-large-child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: LargeRunReport | null = null;
    child.on('message', (msg: LargeRunReport) => { report = msg; });
    child.once('error', reject);
    child.once('exit', (code) => (report ? resolve(report) : reject(new Error(`10,000-feed child exited with ${code}`))));
  });
  return running;
}
