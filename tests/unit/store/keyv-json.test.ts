/**
 * The stores' Keyv value format (store/keyv-json) is @keyv/serialize's, written and read without its per-value
 * callbacks: the same text for every value, the same value for every text, and old rows still read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDeserialize, defaultSerialize } from '@keyv/serialize';
import { Keyv } from 'keyv';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../bench/lib/seeded-random.js';
import type { FeedState } from '../../../src/core/ports.js';
import { deserializeKeyvValue, serializeKeyvValue } from '../../../src/store/keyv-json.js';
import { openStores } from '../../../src/store/open-stores.js';
import { SqliteKeyvAdapter } from '../../../src/store/sqlite/sqlite-keyv-adapter.js';
import { openDatabase } from '../../../src/store/sqlite/sqlite-schema.js';
import { FakeClock } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-keyv-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Pieces that matter to the format: colons where the default escapes them (a string's start) and where it does
// not (inside, at the end, in keys), quotes and backslashes before them, "base64", whitespace, non-ASCII.
const PIECES = [':', '::', ':base64:', 'base64', 'a', 'Kabul', '"', '\\', ' ', '\n', '{', '[', ',', 'é', '🛰', 'https://x.test/a?b=c', ''];

function randomValue(r: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = () => Array.from({ length: Math.floor(r() * 4) }, () => pick(PIECES)).join('');
  const roll = r();
  if (roll < 0.25 || depth > 3) return text();
  if (roll < 0.35) return Math.floor(r() * 2e6) - 1e6;
  if (roll < 0.4) return r() * 1e3;
  if (roll < 0.45) return pick([true, false, null]);
  if (roll < 0.5) return Buffer.from(text());
  if (roll < 0.75) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) obj[text()] = randomValue(r, depth + 1);
  if (r() < 0.2) obj.skipped = undefined;
  return obj;
}

describe('Keyv values as @keyv/serialize writes and reads them', () => {
  it('writes the same text and reads back the same value for 20,000 random values', () => {
    const r = createRandom(7);
    let escaped = 0;
    for (let i = 0; i < 20_000; i++) {
      // Keyv serialises { value, expires } (expires absent without a TTL).
      const data = r() < 0.5 ? { value: randomValue(r), expires: 1_700_000_000_000 + i } : { value: randomValue(r) };
      const text = serializeKeyvValue(data);
      expect(text).toBe(defaultSerialize(data));
      expect(deserializeKeyvValue(text)).toEqual(defaultDeserialize(text));
      if (text !== JSON.stringify(data)) escaped++;
    }
    // Both kinds many times over: values the default escapes (a string starting with ':', a Buffer), and not.
    expect(escaped).toBeGreaterThan(2_000);
    expect(escaped).toBeLessThan(18_000);
  });

  it('reads a string that starts with a colon, after whitespace too, as the default does', () => {
    for (const text of ['"::x"', '{"value":"::a"}', '{ "value" : [ 1 , "::b" ] }', '{"value":":base64:aGk="}', '[\n":::"]']) {
      expect(deserializeKeyvValue(text)).toEqual(defaultDeserialize(text));
    }
    expect(deserializeKeyvValue<{ value: string }>('{ "value" :\t"::a"}').value).toBe(':a');
  });

  it('keeps strings that hold colons elsewhere, and keys with colons, as they are', () => {
    const data = { value: { 'a:': 'b:c', ':k': 'x', list: ['h:', 'https://wire.test/1'] } };
    expect(serializeKeyvValue(data)).toBe(defaultSerialize(data));
    expect(deserializeKeyvValue(serializeKeyvValue(data))).toEqual(data);
  });
});

describe('a SQLite store and rows written with Keyv defaults', () => {
  it('reads feed state an earlier version wrote, and that version reads ours', async () => {
    const path = join(dir, 'mixed.sqlite');
    const state: FeedState = { etag: ':W/"1"', lastModified: null, bodyHash: 'ab12', consecutiveFailures: 1, lastSuccessAt: 1,
      lastErrorAt: 2, lastError: ':colon first', nextPollAt: null, failing: false };
    const db = openDatabase(path);
    const old = new Keyv(new SqliteKeyvAdapter(db), { namespace: 'newsbot', throwOnErrors: true });
    await old.set('feed-state:old', state);
    const stores = await openStores(`sqlite://${path}`, { clock: new FakeClock() });
    try {
      expect(await stores.feedState.get('old')).toEqual(state);
      await stores.feedState.set('new', { ...state, etag: 'plain' });
      expect(await old.get('feed-state:new')).toEqual({ ...state, etag: 'plain' });
    } finally {
      await stores.close();
      db.close();
    }
  });
});
