/** `memory://`: everything in this process (tests, trying the bot out). Nothing survives a restart. */
import { Keyv } from 'keyv';
import type { Backend, SetIndex, StoreSettings } from '../backend.js';
import { MemoryLeases } from './memory-leases.js';
import { MemoryOutbox } from './memory-outbox.js';

function createMemorySets(): SetIndex {
  const sets = new Map<string, Set<string>>();
  return {
    async add(name, members) {
      const s = sets.get(name) ?? new Set<string>();
      for (const m of members) s.add(m);
      sets.set(name, s);
    },
    async remove(name, member) {
      return sets.get(name)?.delete(member) ?? false;
    },
    async members(name) {
      return [...(sets.get(name) ?? [])];
    },
  };
}

export function openMemoryBackend(settings: StoreSettings): Backend {
  const map = new Map<string, unknown>();
  const kv = new Keyv({ store: map, namespace: settings.keyPrefix, throwOnErrors: true });
  return {
    kv,
    sets: createMemorySets(),
    outbox: new MemoryOutbox(settings.clock, settings.seenTtlMs, { map, namespace: settings.keyPrefix }),
    leases: new MemoryLeases(settings.clock),
    async close() {
      await kv.clear();
    },
  };
}
