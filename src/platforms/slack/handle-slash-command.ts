import type { CommandReply, CommandRequest, CommandService, Logger } from '../../core/ports.js';
import { formatCommandReply, type SlackEphemeralReply } from './format-command-reply.js';
import { parseCommandText } from './parse-command-text.js';
import type { PermissionCheck } from './create-permission-check.js';

/** The fields of Slack's slash-command payload we use (same in Socket Mode and HTTP mode). */
export interface SlashCommandPayload {
  text: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  team_id?: string;
}

export interface ReplySender {
  /** Ephemeral reply through response_url (works in both modes, needs no channel membership). */
  respond(reply: SlackEphemeralReply): Promise<unknown>;
  /** Fallback when response_url fails: chat.postEphemeral (needs the bot in the channel). */
  postEphemeral(reply: SlackEphemeralReply): Promise<unknown>;
}

/** Translates one slash command into a CommandRequest, runs it, and sends the rendered reply. */
export async function handleSlashCommand(
  payload: SlashCommandPayload, commands: CommandService, mayManage: PermissionCheck, send: ReplySender, log: Logger,
): Promise<CommandReply> {
  let reply: CommandReply;
  try {
    reply = await runCommand(payload, commands, mayManage);
  } catch (err) {
    log.error({ platform: 'slack', channel: payload.channel_id, user: payload.user_id, error: errorText(err) },
      'slash command failed');
    reply = { ok: false, title: 'Something went wrong; the error was logged. Please try again.', lines: [] };
  }
  const rendered = formatCommandReply(reply);
  try {
    await send.respond(rendered);
  } catch (err) {
    log.warn({ platform: 'slack', channel: payload.channel_id, error: errorText(err) },
      'response_url failed; replying with chat.postEphemeral');
    try {
      await send.postEphemeral(rendered);
    } catch (err2) {
      log.warn({ platform: 'slack', channel: payload.channel_id, error: errorText(err2) }, 'could not reply to slash command');
    }
  }
  return reply;
}

export async function runCommand(
  payload: SlashCommandPayload, commands: CommandService, mayManage: PermissionCheck,
): Promise<CommandReply> {
  const parsed = parseCommandText(payload.text ?? '');
  if (parsed.kind === 'usage') {
    return { ok: false, title: 'At most one feed:<id> per command', lines: [`Usage: \`${parsed.usage}\``, 'Type `/alerts help` for examples.'] };
  }
  const req: CommandRequest = {
    command: parsed.command,
    args: parsed.args,
    platform: 'slack',
    place: payload.team_id ? { channel: payload.channel_id, guild: payload.team_id } : { channel: payload.channel_id },
    user: {
      id: payload.user_id,
      ...(payload.user_name ? { name: payload.user_name } : {}),
      mayManage: await mayManage(payload.user_id),
    },
    ...(parsed.personal ? { personal: true } : {}),
  };
  return commands.handle(req);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
