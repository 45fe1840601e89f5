/**
 * The Slack platform's environment: SLACK_BOT_TOKEN, then SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET
 * (HTTP mode, SLACK_PORT), each token also as <NAME>_FILE; SLACK_API_URL.
 */
import { EnvProblem, type EnvReader } from '../../core/platform-descriptor.js';
import { readHttpUrl, readPort, requireSecret } from '../shared/read-env-values.js';

export interface SlackEnv {
  botToken: string;
  /** Socket Mode when set (xapp-…). */
  appToken?: string;
  /** HTTP mode (no app token): requests to /slack/events are verified with it. */
  signingSecret?: string;
  mode: 'socket' | 'http';
  /** HTTP mode listen port, default 3000. */
  port: number;
  /** Web API base, default https://slack.com/api/ */
  apiUrl: string;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_SLACK_PORT = 3000;

export function readSlackEnv(env: EnvReader): SlackEnv {
  const botToken = requireSecret(env, 'SLACK_BOT_TOKEN');
  const appToken = env.secret('SLACK_APP_TOKEN');
  const signingSecret = env.secret('SLACK_SIGNING_SECRET');
  if (appToken === undefined && signingSecret === undefined) {
    throw new EnvProblem('set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside SLACK_BOT_TOKEN');
  }
  const port = readPort(env, 'SLACK_PORT') ?? DEFAULT_SLACK_PORT;
  let apiUrl = readHttpUrl(env, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL;
  // The Slack clients join method names onto the base: without the slash, `…/apichat.postMessage` is called.
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  return {
    botToken,
    ...(appToken !== undefined && { appToken }),
    ...(signingSecret !== undefined && { signingSecret }),
    mode: appToken !== undefined ? 'socket' : 'http',
    port,
    apiUrl,
  };
}
