import { choosePings } from '../../core/attention/ping.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ChatPostMessageArguments } from '@slack/web-api';
import type {
  Clock, CommandService, DeliveryAttempt, DeliveryResult, Logger, Platform,
} from '../../core/ports.js';
import { classifySlackError, CONTENT_ERRORS, slackErrorCode } from './classify-slack-error.js';
import { createBoltApp, DEFAULT_SLACK_API_URL } from './create-bolt-app.js';
import { createSlackFollowUps } from './deliver-slack-follow-up.js';
import { isFollowUpKind } from '../shared/follow-up-kind.js';
import { createPermissionCheck, type SlackPermissions } from './create-permission-check.js';
import { formatAlertMessage, type SlackAlertMessage } from './format-alert-message.js';
import { guardSocketReconnects } from './guard-socket-reconnects.js';
import { handleSlashCommand } from './handle-slash-command.js';
import { DEFAULT_SLACK_PORT } from './read-slack-env.js';

export interface SlackPlatformOptions {
  /** SLACK_BOT_TOKEN (xoxb-): posts alerts, replies, reads user groups. */
  botToken: string;
  /** SLACK_APP_TOKEN (xapp-): when set, Socket Mode; otherwise HTTP mode. */
  appToken?: string;
  /** SLACK_SIGNING_SECRET: HTTP mode only. */
  signingSecret?: string;
  /** HTTP mode: SLACK_PORT, default 3000; 0 picks a free port (see httpPort()). Path: /slack/events. */
  port?: number;
  /** HTTP mode: interface to listen on; default all interfaces. */
  host?: string;
  /** SLACK_API_URL, default https://slack.com/api/: every Web API call, apps.connections.open included. */
  apiUrl?: string;
  /** The slash command as named in the app manifest. */
  command?: string;
  permissions: SlackPermissions;
  log: Logger;
  clock: Clock;
  /** WebClient retries of 5xx/network errors inside one deliver() call; the outbox retries beyond that. */
  retry?: { retries?: number; minTimeoutMs?: number; maxTimeoutMs?: number };
  /** Per-request deadline (the WebClient's default is none). */
  requestTimeoutMs?: number;
  /** Socket Mode heartbeat (Socket Mode client defaults: 5 000 and 30 000 ms). */
  socket?: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
  /** Socket Mode: how long start() waits for Slack's `hello` before carrying on and connecting in the background. */
  socketConnectTimeoutMs?: number;
}

export interface SlackPlatform extends Platform {
  readonly mode: 'socket' | 'http';
  /** HTTP mode: the port actually bound, once started; null in Socket Mode or before start(). */
  httpPort(): number | null;
}

export function createSlackPlatform(opts: SlackPlatformOptions): SlackPlatform {
  const log = opts.log;
  const { app, client, mode, socketReceiver, verifyToken } = createBoltApp({
    botToken: opts.botToken,
    appToken: opts.appToken || undefined,
    signingSecret: opts.signingSecret,
    port: opts.port ?? DEFAULT_SLACK_PORT,
    apiUrl: opts.apiUrl || DEFAULT_SLACK_API_URL,
    retry: {
      retries: opts.retry?.retries ?? 2,
      minTimeoutMs: opts.retry?.minTimeoutMs ?? 1000,
      maxTimeoutMs: opts.retry?.maxTimeoutMs ?? 10_000,
    },
    requestTimeoutMs: opts.requestTimeoutMs ?? 15_000,
    socket: opts.socket ?? {},
    log,
  });
  const mayManage = createPermissionCheck(opts.permissions, {
    async listMembers(usergroup) {
      const res = await client.usergroups.users.list({ usergroup });
      return res.users ?? [];
    },
  }, opts.clock, log);
  const followUps = createSlackFollowUps({ client, log, send });
  let started = false;
  let listening = false;
  let boundPort: number | null = null;
  const socketGuard = socketReceiver ? guardSocketReconnects(socketReceiver.client, log) : null;

  async function start(commands: CommandService): Promise<void> {
    // auth.test: a wrong token fails here, loudly, rather than on the first alert.
    await verifyToken();
    await app.init();
    // Once per platform, even if an earlier start() failed after this point and start() is called again.
    if (!listening) registerListeners(commands);
    if (mode === 'http') {
      const server = (await app.start({ port: opts.port ?? DEFAULT_SLACK_PORT, host: opts.host })) as Server;
      started = true;
      boundPort = (server.address() as AddressInfo).port;
      log.info({ platform: 'slack', mode, port: boundPort }, `Slack: HTTP mode, listening on :${boundPort}/slack/events`);
      return;
    }
    // Before connecting: a socket still connecting in the background must be stopped by stop().
    started = true;
    await connectSocket();
  }

  function registerListeners(commands: CommandService): void {
    listening = true;
    app.command(opts.command ?? '/alerts', async ({ command, ack, respond }) => {
      // Ack first: Slack shows the user an error after 3 s without one.
      await ack();
      await handleSlashCommand(command, commands, mayManage, {
        respond: (reply) => respond(reply),
        postEphemeral: (reply) => client.chat.postEphemeral({
          channel: command.channel_id, user: command.user_id, text: reply.text, blocks: reply.blocks,
        }),
      }, log);
    });
    app.error(async (err) => {
      log.error({ platform: 'slack', error: err.message }, 'Slack event handling failed');
    });
  }

  /** Socket Mode: wait a bounded time for `hello`; past that the client keeps connecting on its own. */
  async function connectSocket(): Promise<void> {
    const startApp = () => app.start();
    const connecting = (socketGuard ? socketGuard.direct(startApp) : startApp()).then(() => true);
    const waitMs = opts.socketConnectTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
    });
    try {
      if (await Promise.race([connecting, timeout])) {
        log.info({ platform: 'slack', mode }, 'Slack: Socket Mode connected');
        return;
      }
    } finally {
      clearTimeout(timer);
    }
    log.warn({ platform: 'slack', mode, waitedMs: waitMs },
      'Slack: Socket Mode not connected yet; alerts still post, slash commands work once it connects');
    connecting.catch((err: unknown) => {
      log.error({ platform: 'slack', error: err instanceof Error ? err.message : String(err) },
        'Slack: Socket Mode could not connect; check SLACK_APP_TOKEN');
    });
  }

  async function deliver(attempt: DeliveryAttempt): Promise<DeliveryResult> {
    const channel = attempt.target.channel;
    if (!channel) {
      return { ok: false, retry: false, error: `channel ${attempt.target.id} has no Slack channel id (channels[].channel)` };
    }
    const followUp = attempt.followUp;
    if (followUp && isFollowUpKind(attempt.alert.kind)) return followUps.deliver({ ...attempt, followUp }, channel);
    const message = formatAlertMessage(attempt.alert, {
      template: attempt.target.template, nowMs: opts.clock.now(), pings: choosePings(attempt.target.ping, attempt.alert),
    });
    return send(channel, message, attempt.alert.id);
  }

  /** Posts (a thread reply with threadTs); blocks Slack refuses are retried as text so the channel keeps moving. */
  async function send(channel: string, message: SlackAlertMessage, item: string, threadTs?: string): Promise<DeliveryResult> {
    try {
      return await post(channel, message, threadTs);
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && CONTENT_ERRORS.has(code)) {
        // Slack rejected our blocks: a poison message must not block the channel. Send the text alone.
        log.warn({ platform: 'slack', channel, item, error: code }, 'Slack rejected the blocks; sending text only');
        try {
          return await post(channel, { ...message, blocks: [] }, threadTs);
        } catch (err2) {
          return classifySlackError(err2, channel);
        }
      }
      return classifySlackError(err, channel);
    }
  }

  async function post(channel: string, message: SlackAlertMessage, threadTs?: string): Promise<DeliveryResult> {
    const args = {
      channel,
      text: message.text,
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(message.blocks.length ? { blocks: message.blocks } : {}),
    } as ChatPostMessageArguments;
    const res = await client.chat.postMessage(args);
    const ts = res.ts ?? null;
    const ref: Record<string, string> = { channel: res.channel ?? channel };
    if (ts) ref.ts = ts;
    if (threadTs) ref.thread_ts = threadTs;
    return { ok: true, messageId: ts, ref };
  }

  async function stop(): Promise<void> {
    if (!started) return;
    started = false;
    if (socketReceiver) {
      // The receiver's own stop() does not wait for the close handshake; the client's disconnect() does.
      await withDeadline(socketReceiver.client.disconnect(), 5000);
      return;
    }
    try {
      await app.stop();
    } catch (err) {
      log.warn({ platform: 'slack', error: err instanceof Error ? err.message : String(err) }, 'Slack: HTTP receiver did not stop cleanly');
    }
    boundPort = null;
  }

  return { name: 'slack', mode, start, deliver, stop, httpPort: () => boundPort };
}

async function withDeadline(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}
