import { App, HTTPReceiver, SocketModeReceiver, type AuthorizeResult } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../core/ports.js';
import { createBoltLogger } from './create-bolt-logger.js';
import { DEFAULT_SLACK_API_URL } from './read-slack-env.js';

export { DEFAULT_SLACK_API_URL };
export const SLACK_EVENTS_PATH = '/slack/events';

export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
  constructor(message: string, readonly setting: string) {
    super(message);
  }
}

export interface BoltAppOptions {
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  apiUrl: string;
  /** WebClient retries for 5xx and network errors (429 is never retried inside: the outbox waits it out). */
  retry: { retries: number; minTimeoutMs: number; maxTimeoutMs: number };
  requestTimeoutMs: number;
  /** Socket Mode heartbeat: pong deadline for our pings (also the reconnect back-off step), server-ping deadline. */
  socket: { clientPingTimeoutMs?: number; serverPingTimeoutMs?: number };
  log: Logger;
}

export interface BoltApp {
  app: App;
  /** Bot-token client for everything we call (auth.test, chat.*, usergroups.*): the token only in its header. */
  client: WebClient;
  mode: 'socket' | 'http';
  socketReceiver: SocketModeReceiver | null;
  /** auth.test through `client`; must succeed before Bolt serves an event (start() does it). */
  verifyToken(): Promise<AuthorizeResult>;
}

/**
 * Builds the Bolt app without any network I/O (deferInitialization). Bolt is given `authorize` rather than the
 * token: given a token, Bolt calls auth.test with the token in the request body, and the token must travel
 * only in the Authorization header (issue 7). Our own client runs auth.test once, in start().
 */
export function createBoltApp(opts: BoltAppOptions): BoltApp {
  if (!opts.botToken) throw new SlackConfigError('SLACK_BOT_TOKEN is required for the Slack platform', 'SLACK_BOT_TOKEN');
  if (opts.appToken !== undefined && !opts.appToken.startsWith('xapp-')) {
    throw new SlackConfigError('SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write', 'SLACK_APP_TOKEN');
  }
  if (!opts.appToken && !opts.signingSecret) {
    throw new SlackConfigError(
      'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)', 'SLACK_SIGNING_SECRET');
  }
  const timedFetch = createTimedFetch(opts.requestTimeoutMs);
  const clientOptions: WebClientOptions = {
    slackApiUrl: opts.apiUrl,
    timeout: opts.requestTimeoutMs,
    // The WebClient would otherwise pause its whole queue for Retry-After and retry up to ten times over
    // half an hour; we hand the 429 back so the outbox waits, per channel, and nothing else stalls.
    rejectRateLimitedCalls: true,
    retryConfig: {
      retries: opts.retry.retries,
      factor: 2,
      minTimeout: opts.retry.minTimeoutMs,
      maxTimeout: opts.retry.maxTimeoutMs,
      randomize: true,
    },
    // Also used by Bolt's respond() for response_url, which has no timeout of its own.
    fetch: timedFetch,
  };
  const logger = createBoltLogger(opts.log, 'bolt');
  const client = new WebClient(opts.botToken, { ...clientOptions, logger: createBoltLogger(opts.log, 'web-api') });
  let identity: AuthorizeResult | null = null;
  const verifyToken = async (): Promise<AuthorizeResult> => {
    const res = await client.auth.test();
    identity = { botToken: opts.botToken, botId: res.bot_id, botUserId: res.user_id, teamId: res.team_id };
    return identity;
  };
  const authorize = async (): Promise<AuthorizeResult> => identity ?? verifyToken();
  const base = { authorize, logger, clientOptions, deferInitialization: true } as const;
  if (opts.appToken) {
    const socketReceiver = new SocketModeReceiver({
      appToken: opts.appToken,
      logger: createBoltLogger(opts.log, 'socket-mode'),
      autoReconnectEnabled: true,
      clientPingTimeout: opts.socket.clientPingTimeoutMs,
      serverPingTimeout: opts.socket.serverPingTimeoutMs,
      installerOptions: {
        clientOptions: {
          slackApiUrl: opts.apiUrl,
          timeout: opts.requestTimeoutMs,
          fetch: timedFetch,
          // apps.connections.open is retried for as long as Slack is unreachable: on a reconnect the client
          // has nobody to hand a final failure to (it would surface as an unhandled rejection). At most a
          // minute apart, and unref'd so a pending retry never keeps a stopping process alive.
          retryConfig: { forever: true, unref: true, factor: 1.3, minTimeout: 1000, maxTimeout: 60_000, randomize: true },
        },
      },
    });
    const app = new App({ ...base, receiver: socketReceiver, socketMode: true });
    return { app, client, mode: 'socket', socketReceiver, verifyToken };
  }
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret ?? '',
    endpoints: SLACK_EVENTS_PATH,
    port: opts.port,
    logger: createBoltLogger(opts.log, 'http'),
    processBeforeResponse: false,
  });
  const app = new App({ ...base, receiver });
  return { app, client, mode: 'http', socketReceiver: null, verifyToken };
}

/** fetch with a deadline unless the caller brought its own signal. */
function createTimedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
}
