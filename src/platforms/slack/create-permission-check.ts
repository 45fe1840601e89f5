import type { Clock, Logger } from '../../core/ports.js';

export interface SlackPermissions {
  /** Slack user ids (U…/W…) allowed to subscribe and unsubscribe. */
  users?: string[];
  /** Slack user group ids (S…) whose members may subscribe and unsubscribe. */
  userGroups?: string[];
}

/** Just the Web API call we need, so the check is testable and independent of Bolt. */
export interface UserGroupLister {
  listMembers(groupId: string): Promise<string[]>;
}

export type PermissionCheck = (userId: string) => Promise<boolean>;

const MEMBER_CACHE_MS = 60_000;

/**
 * Decides `mayManage`. With no lists configured anyone who can type in the channel may manage it (Slack
 * only lets members run a slash command there). With lists, only the named users and the current members
 * of the named user groups may; a failed group lookup falls back to the last members
 * read, or denies when there are none (fail closed), and is retried on the next command.
 */
export function createPermissionCheck(
  perms: SlackPermissions, groups: UserGroupLister, clock: Clock, log: Logger,
): PermissionCheck {
  const users = new Set(perms.users ?? []);
  const groupIds = perms.userGroups ?? [];
  if (users.size === 0 && groupIds.length === 0) return async () => true;
  const cache = new Map<string, { members: Set<string>; at: number }>();

  async function membersOf(groupId: string): Promise<Set<string> | null> {
    const hit = cache.get(groupId);
    if (hit && clock.now() - hit.at < MEMBER_CACHE_MS) return hit.members;
    try {
      const members = new Set(await groups.listMembers(groupId));
      cache.set(groupId, { members, at: clock.now() });
      return members;
    } catch (err) {
      log.warn({ platform: 'slack', userGroup: groupId, error: err instanceof Error ? err.message : String(err) },
        `could not read Slack user group ${groupId} (needs the usergroups:read scope); its members are denied for now`);
      return hit?.members ?? null;
    }
  }

  return async (userId: string) => {
    if (users.has(userId)) return true;
    for (const groupId of groupIds) {
      if ((await membersOf(groupId))?.has(userId)) return true;
    }
    return false;
  };
}
