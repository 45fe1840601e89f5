/** SQLite-only behaviour: file handling, open errors, batched Keyv calls reaching the adapter, expiry purge. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Keyv } from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores, StoreOpenError } from '../../../src/store/open-stores.js';
import { SqliteKeyvAdapter } from '../../../src/store/sqlite/sqlite-keyv-adapter.js';
import { openDatabase } from '../../../src/store/sqlite/sqlite-schema.js';
import { FakeClock, sleep } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new FakeClock();

async function openError(url: string): Promise<StoreOpenError> {
  const err = await openStores(url, { clock }).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreOpenError);
  return err as StoreOpenError;
}

describe('sqlite:// files', () => {
  it('resolves a relative path against the working directory and creates its parents', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const s = await openStores('sqlite://data/nested/newsbot.sqlite', { clock });
      await s.seen.markSeen('desk', ['i1']);
      await s.close();
    } finally {
      process.chdir(cwd);
    }
    const file = join(dir, 'data/nested/newsbot.sqlite');
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT count(*) FROM kv WHERE key LIKE 'newsbot:seen:%'").pluck().get()).toBe(1);
    db.close();
  });

  it('throws StoreOpenError naming the URL when the path cannot hold a database', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const underFile = await openError(`sqlite://${blocker}/newsbot.sqlite`);
    expect(underFile.url).toBe(`sqlite://${blocker}/newsbot.sqlite`);
    expect(underFile.message).toContain(blocker);
    expect(underFile.cause).toBeInstanceOf(Error);

    const asDir = join(dir, 'a-directory');
    mkdirSync(asDir);
    await openError(`sqlite://${asDir}`);

    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not an SQLite file, just text long enough to be read as a header........');
    expect((await openError(`sqlite://${garbage}`)).message).toMatch(/not a database/);
  });

  it('rejects unknown schemes and an empty path', async () => {
    expect((await openError('postgres://u:pw@db/x')).url).toBe('postgres://db/x');
    expect((await openError('sqlite://')).message).toMatch(/needs a file path/);
  });
});

describe('SqliteKeyvAdapter under Keyv 5.6', () => {
  class CountingAdapter extends SqliteKeyvAdapter {
    calls: string[] = [];
    override async get<V>(key: string) {
      this.calls.push('get');
      return super.get<V>(key);
    }
    override async getMany<V>(keys: string[]) {
      this.calls.push(`getMany:${keys.length}`);
      return super.getMany<V>(keys);
    }
    override async set(key: string, value: unknown, ttl?: number) {
      this.calls.push('set');
      return super.set(key, value, ttl);
    }
    override async setMany(entries: Array<{ key: string; value: unknown; ttl?: number }>) {
      this.calls.push(`setMany:${entries.length}`);
      return super.setMany(entries);
    }
  }

  it('receives batch calls as one getMany / setMany each', async () => {
    const db = openDatabase(join(dir, 'batch.sqlite'));
    const adapter = new CountingAdapter(db);
    const kv = new Keyv(adapter, { namespace: 'nb', throwOnErrors: true });
    await kv.setMany(Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: i, ttl: 60_000 })));
    const values = await kv.getMany(['k0', 'k299', 'missing']);
    expect(values).toEqual([0, 299, undefined]);
    expect(adapter.calls).toEqual(['setMany:300', 'getMany:3']);
    expect(db.prepare("SELECT count(*) FROM kv WHERE key LIKE 'nb:k%'").pluck().get()).toBe(300);
    db.close();
  });

  it('hides expired rows and purges them from the file', async () => {
    const db = openDatabase(join(dir, 'purge.sqlite'));
    const adapter = new SqliteKeyvAdapter(db);
    await adapter.set('short', 'v', 1);
    await adapter.set('long', 'v', 60_000);
    await adapter.set('forever', 'v');
    await sleep(10);
    expect(await adapter.get('short')).toBeUndefined();
    expect(await adapter.getMany(['short', 'long', 'forever'])).toEqual([undefined, 'v', 'v']);
    expect(adapter.purgeExpired()).toBe(1);
    expect(db.prepare('SELECT key FROM kv ORDER BY key').pluck().all()).toEqual(['forever', 'long']);
    adapter.namespace = 'nb';
    await adapter.set('nb:x', 'v');
    await adapter.clear();
    expect(db.prepare('SELECT key FROM kv ORDER BY key').pluck().all()).toEqual(['forever', 'long']);
    db.close();
  });
});
