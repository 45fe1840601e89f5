// Query parameters whose values are treated as secrets when a URL is shown (logs, errors, state).
const SECRET_PARAM = /key|token|secret|sig|auth|pass|session|credential/i;

/** The URL with userinfo removed and secret-looking query values replaced by `***`. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: still never echo anything that looks like userinfo.
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.set(name, '***');
  }
  return url.toString();
}

/** Splits URL userinfo off into a Basic Authorization value; the returned URL has none. */
export function splitCredentials(raw: string): { url: URL; authorization: string | null } {
  const url = new URL(raw);
  if (!url.username && !url.password) return { url, authorization: null };
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return { url, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}
