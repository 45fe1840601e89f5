/**
 * Translates discord.js interactions into platform-neutral command requests and renders the replies. No
 * command logic lives here: parse, authorise and act happen in src/commands.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { CommandName, CommandReply, CommandService, Logger } from '../../core/ports.js';
import { buildReplyMessage } from './build-reply-message.js';
import { decideMayManage, type ManagePolicy } from './decide-may-manage.js';

const COMMAND_NAMES: readonly CommandName[] = ['subscribe', 'unsubscribe', 'snooze', 'unsnooze', 'list', 'preview', 'help'];
/** Discord drops interactions not answered within 3 s: past this, we defer and edit the reply later. */
const DEFER_AFTER_MS = 2000;

export interface InteractionDeps {
  commands: CommandService;
  policy: ManagePolicy;
  log: Logger;
}

export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  if (interaction.isAutocomplete()) return answerAutocomplete(interaction, deps);
  if (interaction.isChatInputCommand() && interaction.commandName === 'alerts') return answerCommand(interaction, deps);
}

async function answerCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const sub = interaction.options.getSubcommand(false);
  const personal = interaction.options.getSubcommandGroup(false) === 'me';
  const command = COMMAND_NAMES.find((name) => name === sub);
  let pending: Promise<CommandReply>;
  if (!command) {
    pending = Promise.resolve({ ok: false, title: 'Unknown subcommand', lines: ['Try `/alerts help`.'] });
  } else if (!interaction.inGuild() || !interaction.channelId) {
    pending = Promise.resolve({ ok: false, title: 'Alerts work in server channels only', lines: [] });
  } else {
    const member = interaction.member;
    const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
    const mayManage = decideMayManage(deps.policy, { permissions: interaction.memberPermissions?.bitfield ?? null, roles });
    const query = interaction.options.getString('query') ?? undefined;
    const feed = interaction.options.getString('feed') ?? undefined;
    const id = interaction.options.getString('id') ?? undefined;
    const duration = interaction.options.getString('duration') ?? undefined;
    pending = deps.commands.handle({
      command,
      args: { ...(query !== undefined && { query }), ...(feed !== undefined && { feed }), ...(id !== undefined && { id }),
        ...(duration !== undefined && { duration }) },
      platform: 'discord',
      place: { channel: interaction.channelId, guild: interaction.guildId },
      user: { id: interaction.user.id, name: interaction.user.username, mayManage },
      ...(personal ? { personal: true } : {}),
    });
  }
  const safe = pending.catch((error: unknown): CommandReply => {
    deps.log.error({ ...errorFields(error), command: sub, channel: interaction.channelId }, 'discord: command handler failed');
    return { ok: false, title: 'Something went wrong', lines: ['The error was logged; please try again later.'] };
  });
  try {
    const quick = await Promise.race([safe, delay(DEFER_AFTER_MS)]);
    if (quick) {
      await interaction.reply(toReplyOptions(quick));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { flags: _ephemeralAlready, ...edit } = toReplyOptions(await safe);
    await interaction.editReply(edit);
  } catch (error) {
    deps.log.warn({ ...errorFields(error), command: sub }, 'discord: could not answer the interaction');
  }
}

async function answerAutocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true);
    const option = focused.name === 'feed' || focused.name === 'id' ? focused.name : null;
    const choices = option && interaction.channelId
      ? await deps.commands.autocomplete({
          platform: 'discord',
          place: { channel: interaction.channelId, ...(interaction.guildId ? { guild: interaction.guildId } : {}) },
          option,
          prefix: String(focused.value ?? ''),
        })
      : [];
    // Discord's limits: 25 choices, name and value 1–100 characters.
    await interaction.respond(
      choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100) || c.value.slice(0, 100), value: c.value.slice(0, 100) })),
    );
  } catch (error) {
    deps.log.warn({ ...errorFields(error) }, 'discord: autocomplete failed');
  }
}

function toReplyOptions(reply: CommandReply) {
  const body = buildReplyMessage(reply);
  return { content: body.content, embeds: body.embeds, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } };
}

/**
 * discord.js REST errors carry the request URL, and interaction URLs embed the interaction token (a
 * short-lived credential): log only their name, status and message. Other errors keep their stack.
 */
function errorFields(error: unknown): { err: unknown } | { error: string } {
  if (!(error instanceof Error)) return { error: String(error) };
  if (!('url' in error) && !('requestBody' in error)) return { err: error };
  const status = (error as { status?: unknown }).status;
  return { error: `${error.name}${typeof status === 'number' ? ` ${status}` : ''}: ${error.message}` };
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
