/** Opens the SQLite file with the settings the store relies on and creates the tables. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires ON kv(expires) WHERE expires IS NOT NULL;

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
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
