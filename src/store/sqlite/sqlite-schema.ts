/** Opens the SQLite file with the settings the store relies on and creates the tables. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

// A rowid table with its key in an index, not WITHOUT ROWID: its values (stored articles, item indexes) run to
// kilobytes, and a WITHOUT ROWID b-tree keeps whole rows in its interior cells, so every lookup read the overflow
// pages of the rows it passed (≈ 12 reads a key). As a rowid table a read is 3–5× and a write ≈ 2.5× faster.
const KV_TABLE = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires INTEGER
);
CREATE INDEX IF NOT EXISTS kv_expires ON kv(expires) WHERE expires IS NOT NULL;
`;

const SCHEMA = `${KV_TABLE}

CREATE TABLE IF NOT EXISTS sets (
  name TEXT NOT NULL,
  member TEXT NOT NULL,
  PRIMARY KEY (name, member)
) WITHOUT ROWID;

-- AUTOINCREMENT: sequence numbers are never reused, so per-channel order survives deletes and restarts.
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  entry TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_channel_seq ON outbox(channel, seq);

CREATE TABLE IF NOT EXISTS deliveries (
  key TEXT PRIMARY KEY,
  record TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Deliveries recorded but not yet folded into outbox, deliveries, kv and leases (store/sqlite/sqlite-outbox): one
-- appended row commits a sent alert at a fraction of the cost of those four tables' pages.
CREATE TABLE IF NOT EXISTS done_log (
  id INTEGER PRIMARY KEY,
  entry_key TEXT NOT NULL,
  record TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  seen_key TEXT NOT NULL,
  seen_value TEXT NOT NULL,
  seen_expires INTEGER
);

CREATE TABLE IF NOT EXISTS leases (
  key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** `path` is a file path or `:memory:`; parent directories are created. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    // WAL + NORMAL: a commit is an append without fsync; a power cut may lose the last commits, never corrupt.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Two bot processes on one file wait for each other's write lock instead of failing.
    db.pragma('busy_timeout = 5000');
    // Checkpoints fsync the file: SQLite's default (every 1,000 WAL pages) costs ≈ 0.25 ms per delivered alert
    // here. The backend checkpoints once a second instead; this is only the ceiling if that timer is starved.
    db.pragma('wal_autocheckpoint = 10000');
    db.exec(SCHEMA);
    rebuildWithoutRowidKv(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

const WITHOUT_ROWID = /WITHOUT\s+ROWID/i;

/**
 * A file written before kv became a rowid table is rebuilt once, on its first open by this version: same rows,
 * one transaction (a crash leaves the old table). Earlier versions read and write the new table as they did the
 * old one (same columns, same unique key).
 */
function rebuildWithoutRowidKv(db: Db): void {
  const kvSql = db.prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'kv'").pluck();
  if (!WITHOUT_ROWID.test(kvSql.get() ?? '')) return;
  const rebuild = db.transaction(() => {
    // Checked again under the write lock: another process may have rebuilt it meanwhile.
    if (!WITHOUT_ROWID.test(kvSql.get() ?? '')) return;
    db.exec(`ALTER TABLE kv RENAME TO kv_without_rowid;
      DROP INDEX IF EXISTS kv_expires;
      ${KV_TABLE}
      INSERT INTO kv (key, value, expires) SELECT key, value, expires FROM kv_without_rowid;
      DROP TABLE kv_without_rowid;`);
  });
  rebuild.immediate();
}

