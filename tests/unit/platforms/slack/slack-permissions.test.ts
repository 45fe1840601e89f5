import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../fakes/slack/wait-for.js';
import { replyText, startKit, type Kit } from './slack-test-kit.js';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

async function command(k: Kit, text: string, user_id: string): Promise<string> {
  const before = k.fake.state.responses.length;
  await k.fake.sendSocketCommand({ text, user_id });
  const reply = await waitFor(() => k.fake.state.responses[before], `reply to ${text}`);
  return replyText(reply.body);
}

describe('Slack permissions', () => {
  it('by default anyone in the channel may subscribe', async () => {
    kit = await startKit('socket');
    expect(await command(kit, 'subscribe Taliban', 'U0ANYONE01')).toContain('Subscribed');
    expect(await kit.stores.subscriptions.list()).toHaveLength(1);
    expect(kit.fake.requests('usergroups.users.list')).toHaveLength(0);
  });

  it('with a user list, others are refused and nothing changes; list stays open', async () => {
    kit = await startKit('socket', { permissions: { users: ['U0BOSS0001'] } });
    expect(await command(kit, 'subscribe Taliban', 'U0STAFF001')).toContain('You may not add subscriptions');
    expect(await kit.stores.subscriptions.list()).toHaveLength(0);
    expect(await command(kit, 'list', 'U0STAFF001')).not.toContain('You may not');
    expect(await command(kit, 'subscribe Taliban', 'U0BOSS0001')).toContain('Subscribed');
    const [sub] = await kit.stores.subscriptions.list();
    expect(await command(kit, `unsubscribe ${sub?.id ?? ''}`, 'U0STAFF001')).toContain('You may not remove subscriptions');
    expect(await kit.stores.subscriptions.list()).toHaveLength(1);
  });

  it('with user groups, current members may manage; membership is cached for a minute', async () => {
    kit = await startKit('socket', { permissions: { userGroups: ['S0DESK0001'] } });
    kit.fake.setUserGroup('S0DESK0001', ['U0STAFF001']);
    expect(await command(kit, 'subscribe Taliban', 'U0STAFF001')).toContain('Subscribed');
    expect(await command(kit, 'subscribe Kabul', 'U0OTHER001')).toContain('You may not add subscriptions');
    expect(kit.fake.requests('usergroups.users.list')).toHaveLength(1);
    expect(kit.fake.requests('usergroups.users.list')[0]?.params.usergroup).toBe('S0DESK0001');

    // Someone joins the group: visible once the cache expires.
    kit.fake.setUserGroup('S0DESK0001', ['U0STAFF001', 'U0OTHER001']);
    kit.clock.advance(61_000);
    expect(await command(kit, 'subscribe Kabul', 'U0OTHER001')).toContain('Subscribed');
    expect(kit.fake.requests('usergroups.users.list')).toHaveLength(2);
  });

  it('a user-group lookup that fails denies, with a warning naming the group', async () => {
    kit = await startKit('socket', { permissions: { userGroups: ['S0MISSING1'] } });
    expect(await command(kit, 'subscribe Taliban', 'U0STAFF001')).toContain('You may not add subscriptions');
    expect(await kit.stores.subscriptions.list()).toHaveLength(0);
    expect(kit.log.entries.some((e) => e.level === 'warn' && (e.msg ?? '').includes('S0MISSING1'))).toBe(true);
  });
});
