/**
 * SQLite batch writes are all or nothing: a statement failing inside the transaction (here a trigger another
 * connection put on the real file, as a full disk or a constraint would) leaves none of the batch's rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStores } from '../../../src/store/open-stores.js';
import { FakeClock, makeArticle, makeEntry, makeRecord } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = new FakeClock();

function failOn(file: string, table: string): () => void {
  const db = new Database(file);
  db.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  return () => {
    db.exec(`DROP TRIGGER fail_${table}`);
    db.close();
  };
}

/** Fails inserts of keys holding `part` only, so the rows before it in the same transaction are written first. */
function failOnKey(file: string, part: string): () => void {
  const db = new Database(file);
  db.exec(`CREATE TRIGGER fail_key BEFORE INSERT ON kv WHEN instr(NEW.key, '${part}') > 0 BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
  return () => {
    db.exec('DROP TRIGGER fail_key');
    db.close();
  };
}

describe('sqlite:// batches', () => {
  it('complete: a failure logging it leaves it queued, unrecorded and not seen', async () => {
    const file = join(dir, 'complete.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const e = makeEntry('desk', 'i1');
    await s.outbox.enqueue([e]);
    expect(await s.outbox.claimMany([e.key], 'A', 30_000)).toBe(1);
    // A completion is one appended row (store/sqlite/sqlite-outbox), folded into the other tables later.
    const heal = failOn(file, 'done_log');
    await expect(s.outbox.complete(e, makeRecord(e))).rejects.toThrow(/injected failure/);
    heal();
    expect((await s.outbox.pending('desk')).map((x) => x.key)).toEqual([e.key]);
    expect(await s.outbox.getDelivery('desk', 'i1')).toBeUndefined();
    expect(await s.seen.seen('desk', ['i1'])).toEqual(new Set());
    // The claim survived the failure too: another owner still cannot take it.
    expect(await s.outbox.claim(e.key, 'B', 30_000)).toBe(false);
    await s.outbox.complete(e, makeRecord(e));
    expect(await s.seen.seen('desk', ['i1'])).toEqual(new Set(['i1']));
    await s.close();
  });

  it('a poll\'s values are one commit: a failure leaves none of its articles, item index or feed state', async () => {
    const file = join(dir, 'poll.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const t = clock.now();
    const state = { etag: '"v1"', lastModified: null, bodyHash: 'aa', consecutiveFailures: 0, lastSuccessAt: t, lastErrorAt: null,
      lastError: null, nextPollAt: null, failing: false };
    const index = new Map([['a1', { firstSeenAt: t, lastSeenAt: t }]]);
    const poll = { recent: [makeArticle('afp', 'a1', t)], index, state };
    // The feed state is the last row of the write.
    const heal = failOnKey(file, 'feed-state:');
    await expect(s.savePoll('afp', poll)).rejects.toThrow(/injected failure/);
    heal();
    expect(await s.recent.listSince(0)).toEqual([]);
    expect(await s.feedItems.load('afp')).toBeUndefined();
    expect(await s.feedState.get('afp')).toBeUndefined();
    await s.savePoll('afp', poll);
    expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['a1']);
    expect(await s.feedItems.load('afp')).toEqual(index);
    await s.close();
  });

  it('a poll\'s feed is listed for previews before its values are written: a failure listing it leaves none of them', async () => {
    const file = join(dir, 'listed.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const t = clock.now();
    const state = { etag: null, lastModified: null, bodyHash: 'aa', consecutiveFailures: 0, lastSuccessAt: t, lastErrorAt: null,
      lastError: null, nextPollAt: null, failing: false };
    const poll = { recent: [makeArticle('afp', 'a1', t)], index: new Map([['a1', { firstSeenAt: t, lastSeenAt: t }]]), state };
    const heal = failOn(file, 'sets');
    await expect(s.savePoll('afp', poll)).rejects.toThrow(/injected failure/);
    heal();
    // Nothing indexed, so the next poll reads the items again and lists the feed.
    expect(await s.feedItems.load('afp')).toBeUndefined();
    await s.savePoll('afp', poll);
    expect((await s.recent.listSince(0)).map((a) => a.id)).toEqual(['a1']);
    await s.close();
  });

  it('a logged completion folds all or nothing: a failure on its seen mark keeps it logged, and completed all along', async () => {
    const file = join(dir, 'fold.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const es = ['i1', 'i2'].map((id) => makeEntry('desk', id));
    await s.outbox.enqueue(es);
    expect(await s.outbox.claimMany(es.map((e) => e.key), 'A', 30_000)).toBe(2);
    await s.outbox.complete(es[0]!, makeRecord(es[0]!));
    // The seen mark is the last row the fold writes (kv), after the delete and the delivery record.
    const heal = failOn(file, 'kv');
    // Writes fold first, so they fail; a seen read writes nothing and sees the logged mark.
    await expect(s.seen.markSeen('desk', ['i9'])).rejects.toThrow(/injected failure/);
    await expect(s.outbox.enqueue([makeEntry('desk', 'i3')])).rejects.toThrow(/injected failure/);
    expect(await s.seen.seen('desk', ['i1', 'i2'])).toEqual(new Set(['i1']));
    // Still logged, so still delivered: not queued, and not claimable even once A's claims have run out.
    expect((await s.outbox.pending('desk')).map((x) => x.key)).toEqual([es[1]!.key]);
    clock.advance(31_000);
    expect(await s.outbox.claim(es[0]!.key, 'B', 30_000)).toBe(false);
    heal();
    expect((await s.outbox.pending('desk')).map((x) => x.key)).toEqual([es[1]!.key]);
    expect(await s.outbox.getDelivery('desk', 'i1')).toBeDefined();
    expect(await s.seen.seen('desk', ['i1', 'i2'])).toEqual(new Set(['i1']));
    // The one not completed is B's to take now that A's claim has run out.
    expect(await s.outbox.claim(es[1]!.key, 'B', 30_000)).toBe(true);
    await s.close();
  });

  it('complete: a fold that fails after the row is logged does not fail the completion', async () => {
    const file = join(dir, 'fold-in-complete.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const es = Array.from({ length: 66 }, (_, i) => makeEntry('desk', `n${i}`));
    await s.outbox.enqueue(es);
    const heal = failOn(file, 'kv');
    // The 64th completion tries to fold, and fails on the seen marks: every completion is still logged, once.
    for (const e of es) await s.outbox.complete(e, makeRecord(e));
    expect(await s.outbox.countPending('desk')).toBe(0);
    expect(await s.outbox.getDelivery('desk', 'n63')).toBeDefined();
    heal();
    expect(await s.seen.seen('desk', ['n0', 'n65'])).toEqual(new Set(['n0', 'n65']));
    await s.close();
  });

  it('claimMany: a failure on a later key takes none of the batch', async () => {
    const file = join(dir, 'claim.sqlite');
    const s = await openStores(`sqlite://${file}`, { clock });
    const es = ['i1', 'i2', 'i3'].map((id) => makeEntry('desk', id));
    await s.outbox.enqueue(es);
    const db = new Database(file);
    // Fails the third claim row only, after two were written in the same transaction.
    db.exec(`CREATE TRIGGER fail_third BEFORE INSERT ON leases WHEN NEW.key = 'outbox-claim:desk' || char(0) || 'i3' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    await expect(s.outbox.claimMany(es.map((e) => e.key), 'A', 30_000)).rejects.toThrow(/injected failure/);
    db.exec('DROP TRIGGER fail_third');
    db.close();
    expect(await s.outbox.claim(es[0]!.key, 'B', 30_000)).toBe(true);
    expect(await s.outbox.claim(es[1]!.key, 'B', 30_000)).toBe(true);
    await s.close();
  });
});
