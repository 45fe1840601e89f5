import { createClient } from '@keyv/redis';
import { defineStoreContract } from './store-contract.js';
import { uniquePrefix } from './store-fixtures.js';

const REDIS = 'redis://127.0.0.1:6379';
const prefixes: string[] = [];

/** Deletes every key this run created (all start with one of its unique prefixes). */
async function deleteKeys(): Promise<void> {
  const client = createClient({ url: REDIS });
  await client.connect();
  for (const p of prefixes) {
    for await (const keys of client.scanIterator({ MATCH: `${p}::*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  }
  await client.close();
}

defineStoreContract({
  name: 'redis://',
  serverTimeLeases: true,
  persistent: true,
  newLocation: () => {
    const keyPrefix = uniquePrefix('redis');
    prefixes.push(keyPrefix);
    return { url: REDIS, keyPrefix };
  },
  cleanup: deleteKeys,
});
