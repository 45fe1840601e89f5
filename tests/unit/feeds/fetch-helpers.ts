import type { Clock } from '../../../src/core/ports.js';
import type { LookupFunction } from '../../../src/feeds/types.js';

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 25, 12, 0, 0)): Clock & { set(t: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (t) => {
      now = t;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Name resolution from a table (names → addresses); unknown names fail like getaddrinfo ENOTFOUND. */
export function tableLookup(table: Record<string, string[]>, calls: string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    calls.push(hostname);
    const addresses = table[hostname.toLowerCase()];
    if (!addresses) {
      const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
      err.code = 'ENOTFOUND';
      setImmediate(() => callback(err, []));
      return;
    }
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    setImmediate(() => (options.all ? callback(null, list) : callback(null, list[0]!.address, list[0]!.family)));
  };
}
