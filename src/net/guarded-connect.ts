/**
 * Outbound connections to addresses the config did not open are refused, for every part of the bot that connects
 * to a URL an admin wrote (feeds, webhooks): the check runs on the address actually connected to.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { normaliseAddress, type AddressPolicy } from './address-policy.js';

/** A dns.lookup-compatible function (tests inject name resolution with it). */
export type LookupFunction = (
  hostname: string,
  options: { family?: number | string; all?: boolean; hints?: number },
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface LookupAddress {
  address: string;
  family: number;
}

/** Error code of a connection refused by the address policy (classified as `blocked`). */
export const BLOCKED_CODE = 'ERR_NEWSBOT_BLOCKED';

export function blockedError(message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = BLOCKED_CODE;
  return err;
}

/**
 * Resolves like dns.lookup, then drops every address the policy refuses. The check runs on the answer the
 * socket will actually use, so a name that re-binds to an internal address between polls is still refused.
 */
export function createGuardedLookup(policy: AddressPolicy, lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, result, family) => {
      if (err) return callback(err, []);
      const answers: LookupAddress[] = Array.isArray(result)
        ? result
        : [{ address: result, family: family ?? isIP(result) }];
      const refusals: string[] = [];
      const allowed = answers.filter((a) => {
        const reason = policy.refuse(a.address, hostname);
        if (reason) refusals.push(reason);
        return reason === null;
      });
      if (allowed.length === 0) {
        const why = refusals[0] ?? 'no address';
        return callback(blockedError(`refused to connect to ${hostname}: ${why}`), []);
      }
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * An undici connector that checks literal IP hosts itself (net.connect never calls `lookup` for them) and
 * hands names to the guarded lookup.
 */
export function createGuardedConnector(
  policy: AddressPolicy,
  lookup: LookupFunction | undefined,
  connectTimeoutMs: number,
): buildConnector.connector {
  const guarded = createGuardedLookup(policy, lookup ?? (dns.lookup as unknown as LookupFunction));
  const base = buildConnector({ timeout: connectTimeoutMs, lookup: guarded as never });
  return (options, callback) => {
    const host = normaliseAddress(options.hostname);
    if (isIP(host)) {
      const reason = policy.refuse(host);
      if (reason) return callback(blockedError(`refused to connect to ${host}: ${reason}`), null);
    }
    return base(options, callback);
  };
}

/** Checks a URL's host before any request when it is a literal address (`2130706433`, `0x7f.1`, `[::ffff:…]`). */
export function refuseLiteralHost(policy: AddressPolicy, url: URL): string | null {
  // WHATWG URL parsing already turned decimal/hex/octal IPv4 spellings into dotted form.
  const host = normaliseAddress(url.hostname);
  if (!isIP(host)) return null;
  return policy.refuse(host);
}
