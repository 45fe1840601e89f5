/**
 * The parts of the config schema that come from the registered platforms: `channels[]` (which platforms exist,
 * which take a channel id and what it looks like) and `permissions` (one key per platform that has a policy).
 * src/app passes the descriptors in; config names no platform itself.
 */
import { z } from 'zod';
import type { PlatformDescriptor } from '../core/platform-descriptor.js';
import { idSchema } from './schema-parts.js';
import { templateSchema } from './template-schema.js';
import { burstSchema, pingSchema, quietHoursSchema, snoozeSchema, urgencyLevelSchema } from './attention-schema.js';

/** What the config schema needs of a descriptor. */
export type PlatformSchemaPart = Pick<PlatformDescriptor, 'name' | 'channelId' | 'permissions'>;

export function channelSchema(platforms: readonly PlatformSchemaPart[]) {
  const names = platforms.map((p) => p.name);
  const byName = new Map(platforms.map((p) => [p.name, p]));
  const withIds = platforms.filter((p) => p.channelId !== undefined);
  const hints = withIds.map((p) => p.channelId?.description).filter((hint): hint is string => hint !== undefined);
  const channelHelp = [
    'Platform channel id',
    ...(hints.length > 0 ? [`: ${listWords(hints, 'or')}`] : []),
    `. Required for ${listWords(withIds.map((p) => p.name), 'and')}.`,
  ].join('');
  return z
    .strictObject({
      id: idSchema('Channel id, used by subscriptions[].channel and notices.channel.'),
      platform: z.enum(names as [string, ...string[]], { error: `expected ${listWords(names, 'or')}` }),
      channel: z
        .union([z.string().min(1), z.number().int()], { error: 'expected the platform channel id as a string' })
        .transform((value) => String(value))
        .optional()
        .describe(channelHelp),
      template: templateSchema().optional(),
      minUrgency: urgencyLevelSchema('Only stories at or above this wire urgency reach the channel (routine, urgent, bulletin, flash); default all.').optional(),
      ping: pingSchema().optional(),
      burst: burstSchema().optional(),
      quietHours: quietHoursSchema().optional(),
      snooze: snoozeSchema().optional(),
      updates: z.enum(['thread', 'new', 'off'], { error: 'expected thread, new or off' }).optional()
        .describe('Later versions of an alerted story (UPDATE 1, corrections): a reply in the first alert\'s thread (default), a new message, or nothing.'),
      clusters: z.enum(['on', 'off'], { error: 'expected on or off' }).optional()
        .describe('on (default): another outlet\'s story of an event already alerted here is an "also reported by" reply; off: its own alert.'),
    })
    .describe('Where alerts go.')
    .transform((value, ctx) => {
      const platform = byName.get(value.platform);
      if (platform === undefined) return value;
      if (platform.channelId === undefined) {
        if (value.channel !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['channel'], message: `${platform.name} channels take no channel id` });
        }
        return value;
      }
      if (value.channel === undefined) {
        ctx.addIssue({ code: 'custom', path: ['channel'], message: `required for platform ${platform.name}` });
        return value;
      }
      const parsed = platform.channelId.safeParse(value.channel);
      if (parsed.success) return { ...value, channel: parsed.data };
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['channel', ...issue.path.filter(isKey)], message: issue.message });
      }
      return value;
    });
}

export function permissionsSchema(platforms: readonly PlatformSchemaPart[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const platform of platforms) if (platform.permissions !== undefined) shape[platform.name] = platform.permissions;
  return z
    .strictObject(shape)
    .prefault({})
    .describe('Who may change subscriptions with slash commands.') as z.ZodType<Record<string, unknown>, Record<string, unknown> | undefined>;
}

function isKey(segment: PropertyKey): segment is string | number {
  return typeof segment !== 'symbol';
}

/** "a", "a or b", "a, b or c". */
function listWords(words: readonly string[], last: 'or' | 'and'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1)}`;
}
