/** The store named by a URL could not be opened (bad URL, unwritable path, unreachable Redis). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  /** The store URL with any user name and password removed, safe to log. */
  readonly url: string;
  override readonly cause: unknown;

  constructor(url: string, message: string, cause?: unknown) {
    const safe = stripCredentials(url);
    super(`cannot open store ${safe}: ${message}`);
    this.url = safe;
    this.cause = cause;
  }
}

/** Removes `user:password@` so a Redis password never reaches a log line. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}
