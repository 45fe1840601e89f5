// Query parameters whose values are treated as secrets when a URL is shown (logs, errors, state).
const SECRET_PARAM = /key|token|secret|sig|auth|pass|session|credential/i;

/**
 * The URL with userinfo removed and secret-looking query values replaced by `***`; `secrets` (values the config
 * substituted from the environment) are replaced wherever they sit, path or any parameter, raw or URL-encoded.
 */
export function redactUrl(raw: string, secrets: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not a URL: still never echo anything that looks like userinfo.
    return hideSecrets(raw.replace(/\/\/[^/@]*@/, '//'), secrets);
  }
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) url.searchParams.set(name, '***');
  }
  return hideSecrets(url.toString(), secrets);
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
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
