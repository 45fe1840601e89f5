import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

export interface SignedPostOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. */
  timestampSec?: number;
  /** Overrides the computed signature (a forged one); `null` sends no signature header at all. */
  signature?: string | null;
}

/** Posts a form-encoded slash command to the app's /slack/events the way Slack's servers do. */
export async function postSignedCommand(
  url: string, payload: Record<string, string>, opts: SignedPostOptions,
): Promise<{ status: number; body: string }> {
  const rawBody = new URLSearchParams(payload).toString();
  const timestampSec = opts.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  const signature = opts.signature === undefined ? signSlackRequest(opts.signingSecret, timestampSec, rawBody) : opts.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(url, { method: 'POST', headers, body: rawBody });
  return { status: res.status, body: await res.text() };
}
