/**
 * Child process for the multi-process claim test: opens the store, waits for a common start time, tries to
 * claim every outbox key and lease, and prints the ones it won as JSON on stdout.
 */
import { openStores } from '../../../src/store/open-stores.js';

const [url, keyPrefix, owner, count, startAt] = process.argv.slice(2) as [string, string, string, string, string];
const stores = await openStores(url, { keyPrefix, clock: { now: () => Date.now() } });
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now())));
const won: string[] = [];
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    if (await stores.outbox.claim(`desk\u0000item-${i}`, owner, 60_000)) won.push(`claim-${i}`);
    if (await stores.leases.acquire(`poll:feed-${i}`, owner, 60_000)) won.push(`lease-${i}`);
  }),
);
await stores.close();
process.stdout.write(JSON.stringify(won));
