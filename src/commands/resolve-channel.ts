/** Maps the place a command was typed to our channel id: a config channel naming it, else a command channel. */
import type { ChannelTarget } from '../core/model.js';
import { commandChannelId, type CommandRequest } from '../core/ports.js';
import type { CommandDeps } from './command-deps.js';

type Place = Pick<CommandRequest, 'platform' | 'place'>;

export function findChannelTarget(deps: CommandDeps, req: Place): ChannelTarget {
  const { platform, place } = req;
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
