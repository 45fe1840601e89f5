/**
 * WAL checkpoints on a thread of their own. A checkpoint copies the WAL into the database file and fsyncs it:
 * on the main thread, once a second, that was ≈ 9% of its busy time in a first poll cycle of 1,000 feeds, time
 * in which no feed was fetched and no alert sent. Any connection may checkpoint a WAL database, so a worker
 * thread holds a second connection to the file and does nothing else; a passive checkpoint never blocks the
 * main connection's writers. If the thread cannot start, the main thread checkpoints as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './sqlite-schema.js';

// CommonJS, evaluated in the thread: better-sqlite3 is loaded by the path the main thread resolved.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (err) { parentPort.postMessage({ failed: String(err && err.message) }); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
parentPort.postMessage({ started: true });`;

export interface Checkpointer {
  /** 'thread' once the worker has its connection open; 'main' when checkpoints run on the main thread. */
  where(): 'thread' | 'main' | 'starting';
  close(): Promise<void>;
}

export function startCheckpoints(db: Db, path: string, everyMs: number, onFailure: (message: string) => void): Checkpointer {
  let state: 'thread' | 'main' | 'starting' = 'starting';
  let fallback: NodeJS.Timeout | undefined;
  const onMain = () => {
    if (state === 'main' || !db.open) return;
    state = 'main';
    fallback = setInterval(() => {
      try {
        if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
      } catch (err) {
        onFailure((err as Error).message);
      }
    }, everyMs);
    fallback.unref();
  };
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(THREAD, { eval: true, workerData: { driver, path, everyMs } });
    worker.unref();
    const w = worker;
    exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    worker.on('message', (m: { started?: true; failed?: string }) => {
      if (m.started && state === 'starting') state = 'thread';
      if (m.failed) onFailure(m.failed);
    });
    worker.on('error', (err) => {
      onFailure(`checkpoint thread: ${err.message}; checkpoints run on the main thread`);
      onMain();
    });
  } catch (err) {
    onFailure(`checkpoint thread: ${(err as Error).message}; checkpoints run on the main thread`);
    onMain();
  }
  return {
    where: () => state,
    async close() {
      if (fallback) clearInterval(fallback);
      const w = worker;
      worker = undefined;
      if (!w) return;
      // Still starting (or stuck): no checkpoint is worth waiting for, the main connection checkpoints on close.
      if (state === 'thread') w.postMessage('close');
      else void w.terminate();
      const timer = setTimeout(() => void w.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
