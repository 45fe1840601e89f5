import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { blockedReason } from '../../net/address-policy.js';

export type StatusAccess =
  | { ok: true }
  | { ok: false; status: 401 | 403; headers: Record<string, string>; body: string };

/**
 * Who may read the status page. With NEWSBOT_STATUS_TOKEN set, every request needs it (a reverse proxy on the
 * same machine would otherwise make loopback requests public). Without it, only requests that arrive on a
 * loopback address get the page, so a health server bound to 0.0.0.0 for probes does not publish it.
 */
export function authorizeStatus(req: IncomingMessage, token: string | undefined): StatusAccess {
  if (token === undefined) {
    if (blockedReason(req.socket.localAddress ?? '') === 'loopback') return { ok: true };
    return {
      ok: false, status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'The status page answers on 127.0.0.1 only. Set NEWSBOT_STATUS_TOKEN to open it on other addresses.\n',
    };
  }
  const offered = offeredToken(req.headers.authorization);
  if (offered !== null && sameSecret(offered, token)) return { ok: true };
  return {
    ok: false, status: 401,
    // Basic lets a browser ask for the token (any user name, the token as password); scripts send Bearer.
    headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="newsbot status", charset="UTF-8"' },
    body: 'The status page needs the token from NEWSBOT_STATUS_TOKEN (Authorization: Bearer, or as the Basic password).\n',
  };
}

function offeredToken(header: string | undefined): string | null {
  const [scheme, value] = (header ?? '').trim().split(/\s+/, 2) as [string, string | undefined];
  if (!value) return null;
  if (scheme.toLowerCase() === 'bearer') return value;
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decoded.slice(colon + 1);
}

/** Equal-length digests compared in constant time: the answer's timing says nothing about the token. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
