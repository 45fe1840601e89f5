/**
 * The SQLite key-value table is a rowid table (store/sqlite/sqlite-schema): a file from before, where it was
 * WITHOUT ROWID, is rebuilt on its first open with every row kept, and statements of the old layout still work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedState } from '../../../src/core/ports.js';
import { openStores } from '../../../src/store/open-stores.js';
import { FakeClock } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-kv-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const state: FeedState = { etag: '"v1"', lastModified: null, bodyHash: 'ab', consecutiveFailures: 0, lastSuccessAt: 1,
  lastErrorAt: null, lastError: null, nextPollAt: null, failing: false };

function kvLayout(path: string): { sql: string; indexes: string[]; rows: number } {
  const db = new Database(path, { readonly: true });
  try {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kv'").pluck().get() as string;
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'kv' ORDER BY name").pluck().all() as string[];
    return { sql, indexes, rows: db.prepare('SELECT count(*) FROM kv').pluck().get() as number };
  } finally {
    db.close();
  }
}

describe('the kv table', () => {
  it('is a rowid table in a new file', async () => {
    const path = join(dir, 'new.sqlite');
    const stores = await openStores(`sqlite://${path}`, { clock: new FakeClock() });
    await stores.feedState.set('wire', state);
    await stores.close();
    const layout = kvLayout(path);
    expect(layout.sql).not.toMatch(/WITHOUT\s+ROWID/i);
    expect(layout.indexes).toContain('kv_expires');
  });

  it('is rebuilt from the WITHOUT ROWID layout with every row, once, and the old statements still work on it', async () => {
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
      CREATE INDEX kv_expires ON kv(expires) WHERE expires IS NOT NULL;`);
    const put = old.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, ?)');
    put.run('newsbot:feed-state:wire', JSON.stringify({ value: state }), null);
    // A seen mark as the outbox writes it, valid for a day.
    const until = Date.now() + 86_400_000;
    put.run('newsbot:seen:desk:item-1', JSON.stringify({ value: until, expires: until }), until);
    for (let i = 0; i < 500; i++) put.run(`newsbot:recent-item:wire:${i}`, JSON.stringify({ value: 'x'.repeat(2_000 + i) }), null);
    old.close();

    const clock = new FakeClock();
    const stores = await openStores(`sqlite://${path}`, { clock });
    try {
      expect(await stores.feedState.get('wire')).toEqual(state);
      expect([...(await stores.seen.seen('desk', ['item-1', 'item-2']))]).toEqual(['item-1']);
    } finally {
      await stores.close();
    }
    const layout = kvLayout(path);
    expect(layout.sql).not.toMatch(/WITHOUT\s+ROWID/i);
    expect(layout.indexes).toContain('kv_expires');
    expect(layout.rows).toBe(502);

    // An earlier version's upsert and read, on the rebuilt table.
    const earlier = new Database(path);
    earlier.prepare('INSERT INTO kv (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires = excluded.expires')
      .run('newsbot:feed-state:wire', JSON.stringify({ value: { ...state, etag: '"v2"' } }), null);
    earlier.close();
    const again = await openStores(`sqlite://${path}`, { clock });
    try {
      expect((await again.feedState.get('wire'))?.etag).toBe('"v2"');
    } finally {
      await again.close();
    }
    expect(kvLayout(path).rows).toBe(502);
  });
});
