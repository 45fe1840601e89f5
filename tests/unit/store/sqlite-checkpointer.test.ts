/**
 * WAL checkpoints on their own thread (store/sqlite/sqlite-checkpointer), on a real file: the database file
 * takes in what the main connection committed without the main thread checkpointing, and a thread that cannot
 * open the file hands checkpoints back to the main thread.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startCheckpoints } from '../../../src/store/sqlite/sqlite-checkpointer.js';
import { openDatabase } from '../../../src/store/sqlite/sqlite-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) if (check()) return true;
  return check();
}

function fill(db: ReturnType<typeof openDatabase>): void {
  const put = db.prepare('INSERT INTO sets (name, member) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 5_000; i++) put.run('fill', `${i}-${'x'.repeat(200)}`);
  })();
}

test('a second connection on a worker thread checkpoints what the main connection commits', async () => {
  const path = join(dir, 'thread.sqlite');
  const db = openDatabase(path);
  const failures: string[] = [];
  const checkpoints = startCheckpoints(db, path, 100, (m) => failures.push(m));
  expect(await until(() => checkpoints.where() === 'thread', 10_000)).toBe(true);
  const before = statSync(path).size;
  fill(db);
  // WAL mode: a commit goes to the -wal file; only a checkpoint (none on this thread) grows the database file.
  expect(statSync(path).size).toBe(before);
  expect(await until(() => statSync(path).size > before + 1_000_000, 10_000)).toBe(true);
  await checkpoints.close();
  db.close();
  expect(failures).toEqual([]);
});

test('a thread that cannot open the file leaves checkpoints to the main thread, and says so', async () => {
  const path = join(dir, 'main.sqlite');
  const db = openDatabase(path);
  const failures: string[] = [];
  const checkpoints = startCheckpoints(db, join(dir, 'missing', 'nothing.sqlite'), 100, (m) => failures.push(m));
  expect(await until(() => checkpoints.where() === 'main', 10_000)).toBe(true);
  expect(failures.join('\n')).toContain('checkpoints run on the main thread');
  const before = statSync(path).size;
  fill(db);
  expect(await until(() => statSync(path).size > before + 1_000_000, 10_000)).toBe(true);
  await checkpoints.close();
  db.close();
});
