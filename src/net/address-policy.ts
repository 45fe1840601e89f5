import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the fetcher may connect to. By default everything that points inside the host or the
 * newsroom network is refused, so a feed URL (or a redirect, or a DNS answer) cannot reach internal services.
 */
export interface AddressPolicy {
  /** null when the address may be used, else the reason it may not. */
  refuse(address: string, hostname?: string): string | null;
}

const BLOCKED_V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'CGNAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const BLOCKED_V6: Array<[string, number, string]> = [
  ['::1', 128, 'loopback'],
  ['::', 96, 'unspecified/IPv4-compatible'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

export interface PolicyOptions {
  allowPrivateNetworks?: boolean;
  allowHosts?: string[];
}

export function createAddressPolicy(opts: PolicyOptions): AddressPolicy {
  if (opts.allowPrivateNetworks) return { refuse: () => null };
  const allowedNets = new BlockList();
  const allowedNames = new Set<string>();
  for (const entry of opts.allowHosts ?? []) {
    const cidr = parseCidr(entry);
    if (cidr) allowedNets.addSubnet(cidr.address, cidr.prefix, cidr.family);
    else allowedNames.add(entry.trim().toLowerCase().replace(/\.$/, ''));
  }
  return {
    refuse(address, hostname) {
      if (hostname && allowedNames.has(hostname.toLowerCase().replace(/\.$/, ''))) return null;
      const addr = normaliseAddress(address);
      const family = isIP(addr);
      if (family === 0) return `not an IP address: ${addr}`;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (allowedNets.check(addr, type)) return null;
      // An allow-listed IPv4 range also covers its IPv4-mapped IPv6 spellings.
      if (addr !== address && allowedNets.check(address, 'ipv6')) return null;
      const reason = blockedReason(addr);
      return reason ? `${addr} is ${reason}` : null;
    },
  };
}

const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
const reasons: Array<{ list: BlockList; type: 'ipv4' | 'ipv6'; reason: string }> = [];
for (const [address, prefix, reason] of BLOCKED_V4) {
  const list = new BlockList();
  list.addSubnet(address, prefix, 'ipv4');
  blockedV4.addSubnet(address, prefix, 'ipv4');
  reasons.push({ list, type: 'ipv4', reason });
}
for (const [address, prefix, reason] of BLOCKED_V6) {
  const list = new BlockList();
  list.addSubnet(address, prefix, 'ipv6');
  blockedV6.addSubnet(address, prefix, 'ipv6');
  reasons.push({ list, type: 'ipv6', reason });
}

/** The kind of non-public range `address` is in, or null for a public address. */
export function blockedReason(address: string): string | null {
  const addr = normaliseAddress(address);
  const family = isIP(addr);
  if (family === 0) return 'not an IP address';
  if (family === 4 && addr === '255.255.255.255') return 'broadcast';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (!(type === 'ipv4' ? blockedV4 : blockedV6).check(addr, type)) return null;
  return reasons.find((r) => r.type === type && r.list.check(addr, type))?.reason ?? 'not public';
}

/**
 * Strips brackets and unwraps IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::/96`, 6to4 `2002::/16`), so `[::ffff:127.0.0.1]` is judged as 127.0.0.1.
 */
export function normaliseAddress(raw: string): string {
  const address = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIP(address) !== 6) return address;
  const words = expandIpv6(address);
  if (!words) return address;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return address;
}

function expandIpv6(address: string): number[] | null {
  let text = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text = text.slice(0, -dotted[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headWords = head ? head.split(':') : [];
  const tailWords = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - headWords.length - tailWords.length;
  const all = [...headWords, ...Array<string>(Math.max(fill, 0)).fill('0'), ...tailWords];
  if (all.length !== 8) return null;
  return all.map((w) => parseInt(w, 16));
}

function parseCidr(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [addr, bits] = entry.trim().split('/') as [string, string | undefined];
  const address = addr.startsWith('[') ? addr.slice(1, -1) : addr;
  const family = isIP(address);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`invalid CIDR in fetch.allowHosts: ${entry}`);
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}
