import { describe, expect, it } from 'vitest';
import { blockedReason, createAddressPolicy, normaliseAddress } from '../../../src/net/address-policy.js';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified/IPv4-compatible'],
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::', 'private'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:808:808'])('allows public %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });

  it('unwraps IPv4-mapped and NAT64 IPv6 forms', () => {
    expect(normaliseAddress('[::ffff:127.0.0.1]')).toBe('127.0.0.1');
    expect(normaliseAddress('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(normaliseAddress('64:ff9b::7f00:1')).toBe('127.0.0.1');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
  });

  it('opens CIDRs and host names from allowHosts, and everything with allowPrivateNetworks', () => {
    const policy = createAddressPolicy({ allowHosts: ['10.1.2.0/24', 'wire.intranet', '127.0.0.2'] });
    expect(policy.refuse('10.1.2.7')).toBeNull();
    expect(policy.refuse('::ffff:10.1.2.7')).toBeNull();
    expect(policy.refuse('10.1.3.7')).toMatch(/private/);
    expect(policy.refuse('127.0.0.2')).toBeNull();
    expect(policy.refuse('127.0.0.1')).toMatch(/loopback/);
    expect(policy.refuse('192.168.0.5', 'wire.intranet')).toBeNull();
    expect(policy.refuse('192.168.0.5', 'WIRE.INTRANET.')).toBeNull();
    expect(policy.refuse('192.168.0.5', 'other.intranet')).toMatch(/private/);
    expect(createAddressPolicy({ allowPrivateNetworks: true }).refuse('169.254.169.254')).toBeNull();
    expect(createAddressPolicy({}).refuse('93.184.215.14')).toBeNull();
  });

  it('rejects malformed CIDRs', () => {
    expect(() => createAddressPolicy({ allowHosts: ['10.0.0.0/33'] })).toThrow(/invalid CIDR/);
  });
});
