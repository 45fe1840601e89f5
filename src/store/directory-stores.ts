/**
 * Command-created subscriptions and channels, snoozes, and per-channel delivery state. One key per record plus an
 * atomic set of ids, so two instances adding different records never overwrite each other.
 */
import type { Keyv } from 'keyv';
import type { ChannelState, ChannelStateStore, ChannelStore, Snooze, SnoozeStore, SubscriptionStore } from '../core/ports.js';
import type { ChannelTarget, Subscription } from '../core/model.js';
import { chunk, type SetIndex } from './backend.js';

type KV = Keyv<unknown>;

async function readAll<T>(kv: KV, sets: SetIndex, setName: string, prefix: string): Promise<T[]> {
  const ids = (await sets.members(setName)).sort();
  const out: T[] = [];
  for (const part of chunk(ids, 500)) {
    const values = await kv.getMany(part.map((id) => prefix + id));
    // A missing value is a record removed between the two reads: skip it.
    for (const v of values) if (v !== undefined && v !== null) out.push(v as T);
  }
  return out;
}

export function createSubscriptionStore(kv: KV, sets: SetIndex): SubscriptionStore {
  return {
    list: () => readAll<Subscription>(kv, sets, 'subscriptions', 'sub:'),
    async add(sub) {
      // Value first, then index: a reader never finds an id without its record (but may miss a half-added one).
      await kv.set(`sub:${sub.id}`, sub);
      await sets.add('subscriptions', [sub.id]);
    },
    async remove(id) {
      const existed = await sets.remove('subscriptions', id);
      if (existed) await kv.delete(`sub:${id}`);
      return existed;
    },
  };
}

export function createChannelStore(kv: KV, sets: SetIndex): ChannelStore {
  return {
    list: () => readAll<ChannelTarget>(kv, sets, 'channels', 'channel:'),
    async ensure(target) {
      const current = (await kv.get(`channel:${target.id}`)) as ChannelTarget | undefined;
      if (current === undefined || JSON.stringify(current) !== JSON.stringify(target)) {
        await kv.set(`channel:${target.id}`, target);
      }
      await sets.add('channels', [target.id]);
    },
  };
}

/** Ended snoozes are forgotten after a week: their held matches went out within a second of the end. */
const SNOOZE_KEEP_MS = 7 * 86_400_000;

export function createSnoozeStore(kv: KV, clock: { now(): number }): SnoozeStore {
  const read = async (channel: string) => ((await kv.get(`snoozes:${channel}`)) ?? {}) as Record<string, Snooze>;
  return {
    forChannel: read,
    async set(channel, subscription, snooze) {
      const all = await read(channel);
      const now = clock.now();
      for (const [id, s] of Object.entries(all)) if (s.until < now - SNOOZE_KEEP_MS) delete all[id];
      all[subscription] = snooze;
      await kv.set(`snoozes:${channel}`, all);
    },
  };
}

export function createChannelStateStore(kv: KV): ChannelStateStore {
  return {
    async get(channel) {
      return (await kv.get(`channel-state:${channel}`)) as ChannelState | undefined;
    },
    async set(channel, state) {
      await kv.set(`channel-state:${channel}`, state);
    },
  };
}
