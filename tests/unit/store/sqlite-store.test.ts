import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineStoreContract } from './store-contract.js';
import { uniquePrefix } from './store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbot-store-'));
let n = 0;

defineStoreContract({
  name: 'sqlite://',
  serverTimeLeases: false,
  persistent: true,
  // A nested path also checks that missing parent directories are created.
  newLocation: () => ({ url: `sqlite://${join(dir, `run${++n}`, 'newsbot.sqlite')}`, keyPrefix: uniquePrefix('sql') }),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
