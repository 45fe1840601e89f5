/**
 * Event features stored once per article instead of once per channel record. An article that alerted several
 * channels is one features array shared by its records in each (core/lifecycle/cluster-memory); each save writes
 * the arrays not yet stored in packs of up to PACK_SIZE (`stories:features:<id>`, a JSON array of base64 uint32
 * LE), and records name theirs as "<id>.<index>". Features were ~300 of a record's ~380 stored bytes (bench/pipeline's wide run:
 * 15,400 records, 5.9 MB of segments), so a write carries each article's once.
 *
 * A pack is never rewritten or deleted: it expires by TTL, which starts when it is written, after every record
 * that refers to it was decided, so it outlives them. A record decided later than a pack's newest record gets
 * its features into a new pack rather than extending the old one's reach. Packs go in the same setMany as the
 * segments, before them, so a reader never meets a ref to an unwritten pack; a ref whose pack is gone (expired,
 * damaged) drops its record, as any damaged record is.
 */
import type { ClusterRecord } from '../core/lifecycle/cluster-memory.js';
import { decodeFeatures, encodeFeatures, newRev, packIdOf, type FeatureLookup, type Write } from './cluster-segment-format.js';
import { decodeStoredJson } from './stored-json.js';

export const packKey = (id: string) => `stories:features:${id}`;
// Entries per pack (≈ 20 KB): a rebuild after another instance's write reads the packs its changed segments name,
// so a save's features are split rather than one value of every article it saw.
export const PACK_SIZE = 64;

interface Stored {
  ref: string;
  /** The newest seenAt of the records this ref was stored for: the pack outlives records up to it. */
  seenMax: number;
}

export interface PackBuild {
  /** The record's features ref, adding its array to this save's pack when no stored pack covers it. */
  refOf(r: ClusterRecord): string;
  /** This save's packs as writes (none when every record's features were stored already). */
  writes(ttl: number): Write[];
  /** After the write landed: later saves refer to this pack. */
  commit(): void;
}

export interface FeaturePacks {
  begin(): PackBuild;
  /** Reads the packs `ids` names; the returned lookup resolves a ref, sharing one array per pack entry. */
  resolve(ids: ReadonlySet<string>, getMany: (keys: string[]) => Promise<unknown[]>): Promise<FeatureLookup>;
}

export function createFeaturePacks(): FeaturePacks {
  // Keyed by the array itself: records of one article in several channels hold the same one.
  const stored = new WeakMap<readonly number[], Stored>();
  const remember = (features: readonly number[], ref: string, seenAt: number) => {
    const known = stored.get(features);
    if (known && known.ref === ref) known.seenMax = Math.max(known.seenMax, seenAt);
    else if (!known || known.seenMax < seenAt) stored.set(features, { ref, seenMax: seenAt });
  };
  return {
    begin() {
      const ids: string[] = [];
      const texts: string[][] = [];
      const added = new Map<readonly number[], { ref: string; seenMax: number }>();
      return {
        refOf(r) {
          const known = stored.get(r.features);
          if (known && r.seenAt <= known.seenMax) return known.ref;
          let entry = added.get(r.features);
          if (!entry) {
            if (!texts.length || texts.at(-1)!.length >= PACK_SIZE) {
              ids.push(newRev());
              texts.push([]);
            }
            const pack = texts.at(-1)!;
            entry = { ref: `${ids.at(-1)}.${pack.length}`, seenMax: r.seenAt };
            pack.push(encodeFeatures(r.features));
            added.set(r.features, entry);
          } else entry.seenMax = Math.max(entry.seenMax, r.seenAt);
          return entry.ref;
        },
        writes(ttl) {
          return ids.map((id, i) => ({ key: packKey(id), value: JSON.stringify(texts[i]), ttl }));
        },
        commit() {
          for (const [features, { ref, seenMax }] of added) remember(features, ref, seenMax);
        },
      };
    },
    async resolve(ids, getMany) {
      const list = [...ids];
      const values = list.length ? await getMany(list.map(packKey)) : [];
      const packs = new Map<string, Array<number[] | undefined>>();
      list.forEach((id, i) => {
        const texts = decodeStoredJson(values[i]);
        if (Array.isArray(texts)) packs.set(id, texts.map((t) => (typeof t === 'string' ? decodeFeatures(t) : undefined)));
      });
      return (ref, seenAt) => {
        const features = packs.get(packIdOf(ref))?.[Number(ref.slice(ref.lastIndexOf('.') + 1))];
        if (features) remember(features, ref, seenAt);
        return features;
      };
    },
  };
}
