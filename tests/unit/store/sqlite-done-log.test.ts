/**
 * On SQLite a completion is one logged row, folded into the queue, deliveries, seen marks and claims later
 * (store/sqlite/sqlite-outbox). From the moment it is logged it counts as completed for every reader, in this
 * process or another on the same file, and a process that dies before folding loses nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../../src/store/open-stores.js';
import { FakeClock, makeEntry, makeRecord } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-done-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new FakeClock();

const logged = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) FROM done_log').pluck().get() as number);
  } finally {
    db.close();
  }
};

describe('sqlite:// completion log', () => {
  it('a logged completion is completed for another process before any fold, and for the next start after a crash', async () => {
    const file = join(dir, 'shared.sqlite');
    const a = await openStores(`sqlite://${file}`, { clock });
    const b = await openStores(`sqlite://${file}`, { clock });
    const es = ['i1', 'i2', 'i3'].map((id) => makeEntry('desk', id));
    await a.outbox.enqueue(es);
    expect(await a.outbox.claimMany(es.map((e) => e.key), 'A', 30_000)).toBe(3);
    await a.outbox.complete(es[0]!, makeRecord(es[0]!));
    await a.outbox.complete(es[1]!, makeRecord(es[1]!));
    expect(logged(file)).toBe(2);
    // For the other process, before any fold and after A's claims have run out: the completed entries are no
    // longer queued nor claimable, their records are there, and the third is B's to take.
    clock.advance(31_000);
    expect(await b.outbox.claim(es[0]!.key, 'B', 30_000)).toBe(false);
    expect(await b.outbox.claim(es[1]!.key, 'B', 30_000)).toBe(false);
    expect(await b.outbox.claim(es[2]!.key, 'B', 30_000)).toBe(true);
    expect((await b.outbox.pending('desk')).map((e) => e.key)).toEqual([es[2]!.key]);
    expect(await b.outbox.countPending('desk')).toBe(1);
    expect(await b.outbox.getDelivery('desk', 'i2')).toMatchObject({ itemId: 'i2' });
    expect(logged(file)).toBe(2);
    // A seen-mark read sees the logged marks without folding (it writes nothing); a seen-mark write folds first.
    expect(await b.seen.seen('desk', ['i1', 'i2', 'i3'])).toEqual(new Set(['i1', 'i2']));
    expect(logged(file)).toBe(2);
    await b.seen.markSeen('desk', ['i9']);
    expect(logged(file)).toBe(0);
    expect(await b.seen.seen('desk', ['i1', 'i2', 'i9'])).toEqual(new Set(['i1', 'i2', 'i9']));
    // Enqueued again (another feed carries the same item): already sent, not queued.
    await b.outbox.enqueue([makeEntry('desk', 'i1')]);
    expect(await b.outbox.countPending('desk')).toBe(1);

    // B logs the third and dies before folding (its connection is never closed); the next start folds it.
    await b.outbox.complete(es[2]!, makeRecord(es[2]!));
    expect(logged(file)).toBe(1);
    const c = await openStores(`sqlite://${file}`, { clock });
    expect(logged(file)).toBe(0);
    expect(await c.outbox.channelsWithPending()).toEqual([]);
    expect(await c.seen.seen('desk', ['i3'])).toEqual(new Set(['i3']));
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('folds on its own every 64 completions, so a long held batch does not grow the log without bound', async () => {
    const file = join(dir, 'many.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const es = Array.from({ length: 70 }, (_, i) => makeEntry('desk', `n${i}`));
    await s.outbox.enqueue(es);
    for (const e of es) await s.outbox.complete(e, makeRecord(e));
    expect(logged(file)).toBe(6);
    expect(await s.outbox.countPending('desk')).toBe(0);
    await s.close();
  });

  it('a logged seen mark past its time reads as gone, as a folded one would', async () => {
    const file = join(dir, 'expiry.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock, seenTtlMs: 60 });
    const es = ['e1', 'e2'].map((id) => makeEntry('desk', id));
    await s.outbox.enqueue(es);
    await s.outbox.complete(es[0]!, makeRecord(es[0]!));
    expect(await s.seen.seen('desk', ['e1'])).toEqual(new Set(['e1']));
    // Keyv's expiry runs on the wall clock.
    await new Promise((r) => setTimeout(r, 100));
    await s.outbox.complete(es[1]!, makeRecord(es[1]!));
    expect(logged(file)).toBe(2);
    expect(await s.seen.seen('desk', ['e1', 'e2'])).toEqual(new Set(['e2']));
    await s.close();
  });
});
