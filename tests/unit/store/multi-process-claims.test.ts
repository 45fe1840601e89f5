/** Claims and leases are atomic across processes, not just within one (SQLite file lock, Redis server). */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from '@keyv/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../../src/store/open-stores.js';
import { FakeClock, makeEntry, uniquePrefix } from './store-fixtures.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'newsbot-mp-'));
const WORKERS = 4;
const KEYS = 150;
const prefix = uniquePrefix('mp');

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const c = createClient({ url: 'redis://127.0.0.1:6379' });
  await c.connect();
  for await (const keys of c.scanIterator({ MATCH: `${prefix}::*` })) if (keys.length) await c.del(keys);
  await c.close();
});

async function race(url: string): Promise<void> {
  const stores = await openStores(url, { keyPrefix: prefix, clock: new FakeClock() });
  await stores.outbox.enqueue(Array.from({ length: KEYS }, (_, i) => makeEntry('desk', `item-${i}`)));
  await stores.close();
  const startAt = String(Date.now() + 3000);
  const outputs = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) =>
      run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'claim-worker.ts'), url, prefix, `w${w}`, String(KEYS), startAt]),
    ),
  );
  const won = outputs.flatMap((o) => JSON.parse(o.stdout) as string[]);
  const counts = new Map<string, number>();
  for (const k of won) counts.set(k, (counts.get(k) ?? 0) + 1);
  expect(counts.size).toBe(2 * KEYS);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('claims across processes', () => {
  it('sqlite://: every key is won by exactly one of four processes', () => race(`sqlite://${join(dir, 'mp.sqlite')}`), 60_000);
  it('redis://: every key is won by exactly one of four processes', () => race('redis://127.0.0.1:6379'), 60_000);
});
