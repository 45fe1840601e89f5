/** Builds an INTERACTION_CREATE payload for `/alerts <subcommand>` as Discord sends it to a bot. */
import type { InjectedInteraction } from './fake-discord-types.js';

export function buildInteraction(
  spec: InjectedInteraction,
  ids: { id: string; token: string; appId: string; commandId: string },
): Record<string, unknown> {
  const options = Object.entries(spec.options ?? {}).map(([name, value]) => ({
    type: 3,
    name,
    value,
    ...(spec.kind === 'autocomplete' && spec.focused === name ? { focused: true } : {}),
  }));
  const user = { id: spec.member.id, username: spec.member.name ?? `user${spec.member.id}`, discriminator: '0', global_name: null, avatar: null };
  const base = {
    id: ids.id,
    application_id: ids.appId,
    type: spec.kind === 'autocomplete' ? 4 : 2,
    data: { id: ids.commandId, name: 'alerts', type: 1, options: spec.group
      ? [{ type: 2, name: spec.group, options: [{ type: 1, name: spec.subcommand, options }] }]
      : [{ type: 1, name: spec.subcommand, options }] },
    channel_id: spec.channelId,
    channel: { id: spec.channelId, type: spec.guildId ? 0 : 1, ...(spec.guildId ? { guild_id: spec.guildId, name: `channel-${spec.channelId}` } : {}) },
    token: ids.token,
    version: 1,
    app_permissions: '2248473465835073',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: spec.guildId ? { '0': spec.guildId } : { '1': spec.member.id },
    context: spec.guildId ? 0 : 1,
    attachment_size_limit: 10_485_760,
  };
  if (!spec.guildId) return { ...base, user };
  return {
    ...base,
    guild_id: spec.guildId,
    guild_locale: 'en-US',
    guild: { id: spec.guildId, locale: 'en-US', features: [] },
    member: {
      user,
      roles: spec.member.roles ?? [],
      permissions: spec.member.permissions,
      joined_at: new Date(0).toISOString(),
      nick: null,
      avatar: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      premium_since: null,
    },
  };
}
