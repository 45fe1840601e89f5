import { createHash } from 'node:crypto';

// No 0/o, 1/l/i: ids are read aloud and typed from screenshots.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A short id stable for (channel, query, feeds): the same subscription typed twice gets the same id, and
 * `taken` (ids already in use) lengthens it in the unlikely case of a collision.
 */
export function makeSubscriptionId(channel: string, query: string, feeds: string[] | undefined, taken: ReadonlySet<string>): string {
  const digest = createHash('sha256').update(`${channel}\u0000${query}\u0000${(feeds ?? []).join(',')}`).digest();
  let id = 's';
  for (let i = 0; i < digest.length; i++) {
    id += ALPHABET[digest[i]! % ALPHABET.length];
    if (id.length >= 7 && !taken.has(id)) return id;
  }
  return id;
}
