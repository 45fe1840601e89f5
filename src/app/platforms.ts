/**
 * The registered platforms: the one list a new platform is added to. Everything platform-specific (config
 * validation, environment, secrets, `/alerts help`, the JSON Schema, the adapters) derives from it.
 */
import type { AnyPlatformDescriptor } from '../core/platform-descriptor.js';
import { consolePlatform } from '../platforms/console/descriptor.js';
import { discordPlatform } from '../platforms/discord/descriptor.js';
import { discordWebhookPlatform } from '../platforms/discord-webhook/descriptor.js';
import { slackPlatform } from '../platforms/slack/descriptor.js';
import { webhookPlatform } from '../platforms/webhook/descriptor.js';

export const defaultPlatforms: readonly AnyPlatformDescriptor[] = [consolePlatform, discordPlatform, slackPlatform, webhookPlatform, discordWebhookPlatform];

/** The `/alerts help` commands line of each platform that has slash commands. */
export function commandHelpOf(platforms: readonly AnyPlatformDescriptor[]): Record<string, string> {
  return Object.fromEntries(platforms.flatMap((p) => (p.commandHelp === undefined ? [] : [[p.name, p.commandHelp]])));
}
