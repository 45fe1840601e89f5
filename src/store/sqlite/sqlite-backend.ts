/** `sqlite://PATH`: one file holds everything (Keyv values, sets, outbox, leases). */
import { Keyv } from 'keyv';
import type { Backend, SetIndex, StoreSettings } from '../backend.js';
import { KEYV_JSON } from '../keyv-json.js';
import { SEEN_KEY_PREFIX } from '../seen-store.js';
import { startCheckpoints } from './sqlite-checkpointer.js';
import { SqliteKeyvAdapter } from './sqlite-keyv-adapter.js';
import { SqliteLeases } from './sqlite-leases.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { openDatabase, type Db } from './sqlite-schema.js';

const CHECKPOINT_EVERY_MS = 1000;

function createSqliteSets(db: Db): SetIndex {
  const add = db.prepare<[string, string]>('INSERT INTO sets (name, member) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const remove = db.prepare<[string, string]>('DELETE FROM sets WHERE name = ? AND member = ?');
  const members = db.prepare<[string], string>('SELECT member FROM sets WHERE name = ?').pluck();
  const addMany = db.transaction((name: string, list: string[]) => {
    for (const m of list) add.run(name, m);
  });
  return {
    async add(name, list) {
      addMany.immediate(name, list);
    },
    async remove(name, member) {
      return remove.run(name, member).changes > 0;
    },
    async members(name) {
      return members.all(name);
    },
  };
}

/** Throws what better-sqlite3 or the file system throws; openStores wraps it in StoreOpenError. */
export function openSqliteBackend(path: string, settings: StoreSettings): Backend {
  const db = openDatabase(path);
  // One passive checkpoint a second bounds the WAL without an fsync per few commits, on a thread of its own.
  const checkpoints = path === ':memory:' ? undefined : startCheckpoints(db, path, CHECKPOINT_EVERY_MS,
    (message) => settings.log?.debug({ path }, `sqlite checkpoint failed (${message}); retried in a second`));
  const outbox = new SqliteOutbox(db, settings.clock, settings.seenTtlMs, settings.keyPrefix);
  // The completion log writes seen marks (store/seen-store keys, under Keyv's namespace); no other key.
  const seenPrefix = `${settings.keyPrefix}:${SEEN_KEY_PREFIX}`;
  const log = { fold: () => outbox.foldLog(), holds: (key: string) => key.startsWith(seenPrefix), marks: () => outbox.loggedSeenMarks() };
  const kv = new Keyv(new SqliteKeyvAdapter(db, log),
    { namespace: settings.keyPrefix, throwOnErrors: true, ...KEYV_JSON });
  kv.on('error', (err: unknown) => settings.log?.debug({ err }, 'sqlite store error'));
  return {
    kv,
    sets: createSqliteSets(db),
    outbox,
    leases: new SqliteLeases(db, settings.clock),
    async close() {
      // The main connection closes last, so its close folds what is left of the WAL into the file.
      await checkpoints?.close();
      // Folded at close too, so a file left behind holds no logged completions (an older build, a rollback, reads
      // only the four tables).
      try {
        if (db.open) outbox.foldLog();
      } catch (err) {
        settings.log?.warn({ path, err }, 'sqlite: logged completions not folded at close; the next start folds them');
      }
      if (db.open) db.close();
    },
  };
}
