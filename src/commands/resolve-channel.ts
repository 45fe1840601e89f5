/** Maps the place a command was typed to our channel id: a config channel naming it, else a command channel. */
import type { ChannelTarget } from '../core/model.js';
import { commandChannelId, directChannelId, type CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';

type Place = Pick<CommandRequest, 'platform' | 'place'> & Partial<Pick<CommandRequest, 'user' | 'personal'>>;

export function findChannelTarget(deps: CommandDeps, req: Place): ChannelTarget {
  const { platform, place } = req;
  // `/alerts me …`: the user's direct messages, wherever the command was typed. Slack posts to a user id
  // directly; Discord opens the DM channel at delivery.
  if (req.personal && req.user) {
    return { id: directChannelId(platform, req.user.id), platform, channel: req.user.id, dmUser: req.user.id, source: 'command' };
  }
  const configured = deps.configChannels().find(
    (c) => c.platform === platform && c.channel === place.channel && (!c.guild || !place.guild || c.guild === place.guild),
  );
  if (configured) return configured;
  return {
    id: commandChannelId(platform, place.channel, place.guild),
    platform,
    channel: place.channel,
    ...(place.guild ? { guild: place.guild } : {}),
    source: 'command',
  };
}

/** Like findChannelTarget, and records a command-created channel in the store so deliveries can find it. */
export async function ensureChannelTarget(deps: CommandDeps, req: Place): Promise<ChannelTarget> {
  const target = findChannelTarget(deps, req);
  if (target.source === 'command') await deps.channels.ensure(target);
  return target;
}
