/** Who may subscribe/unsubscribe: decided from the interaction's member permissions and the config. */
import { PermissionFlagsBits } from 'discord.js';

export type ManagePolicy = 'manage-channels' | 'everyone' | string[];

export interface MemberFacts {
  /** The member's permission bitfield in the channel (interaction `member.permissions`), if in a guild. */
  permissions: bigint | null;
  roles: string[];
}

export function decideMayManage(policy: ManagePolicy, member: MemberFacts): boolean {
  if (policy === 'everyone') return true;
  if (member.permissions === null) return false;
  const perms = member.permissions;
  // Administrator implies every permission, as in Discord's own checks.
  const hasManage = (perms & PermissionFlagsBits.Administrator) !== 0n || (perms & PermissionFlagsBits.ManageChannels) !== 0n;
  if (hasManage) return true;
  // A role list widens the default: those roles may manage too.
  return Array.isArray(policy) && member.roles.some((role) => policy.includes(role));
}
