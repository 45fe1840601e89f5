import { ErrorCode } from '@slack/web-api';
import type { DeliveryResult } from '../../core/ports.js';

type Failure = Exclude<DeliveryResult, { ok: true }>;

/** Slack errors that mean "this channel cannot take our messages" until someone fixes it. */
const CHANNEL_ERRORS: Record<string, string> = {
  channel_not_found: 'the channel does not exist or the bot cannot see it',
  not_in_channel: 'the bot is not a member of the channel (invite it with /invite)',
  is_archived: 'the channel is archived',
  restricted_action: 'the workspace does not let the bot post there',
  restricted_action_read_only_channel: 'the channel is read-only',
  restricted_action_thread_only_channel: 'the channel only allows thread replies',
  restricted_action_non_threadable_channel: 'the channel cannot be posted to',
  team_access_not_granted: 'the app is not granted access to this workspace',
  ekm_access_denied: 'an administrator suspended posting (EKM)',
};

/** The token or app is wrong for every channel: retrying cannot help until an operator acts and restarts. */
const AUTH_ERRORS: Record<string, string> = {
  invalid_auth: 'SLACK_BOT_TOKEN is invalid',
  not_authed: 'no SLACK_BOT_TOKEN was sent',
  account_inactive: 'the bot user or workspace is deactivated',
  token_revoked: 'SLACK_BOT_TOKEN was revoked',
  token_expired: 'SLACK_BOT_TOKEN expired',
  no_permission: 'the token lacks permission',
  missing_scope: 'the app lacks the chat:write scope (reinstall it)',
  not_allowed_token_type: 'SLACK_BOT_TOKEN must be a bot token (xoxb-)',
};

/** Rejected content: resending the same blocks will never succeed, but a plain-text message may. */
export const CONTENT_ERRORS = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'invalid_arguments', 'no_text']);

interface SlackErrorLike {
  code?: unknown;
  message?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
}

/** Maps what the WebClient threw on chat.postMessage to the outbox's retry decision. */
export function classifySlackError(err: unknown, channel: string): Failure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SlackErrorLike;
  switch (e.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
      return { ok: false, retry: true, retryAfterMs: seconds * 1000, error: `rate limited by Slack (Retry-After ${seconds}s)` };
    }
    case ErrorCode.HTTPError:
      return { ok: false, retry: true, error: `Slack answered HTTP ${String(e.statusCode)}` };
    case ErrorCode.RequestError:
      return { ok: false, retry: true, error: `Slack unreachable: ${String(e.message)}` };
    case ErrorCode.PlatformError: {
      const code = String(e.data?.error ?? 'unknown_error');
      const channelReason = CHANNEL_ERRORS[code];
      if (channelReason) return { ok: false, retry: false, error: `${code}: Slack channel ${channel}: ${channelReason}` };
      const authReason = AUTH_ERRORS[code];
      if (authReason) return { ok: false, retry: false, error: `${code}: ${authReason}` };
      // ratelimited, internal_error, fatal_error, service_unavailable, request_timeout and anything new.
      return { ok: false, retry: true, error: `Slack error ${code}` };
    }
    default:
      return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
  }
}

export function slackErrorCode(err: unknown): string | null {
  const e = (typeof err === 'object' && err !== null ? err : {}) as SlackErrorLike;
  return e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : null;
}
