/** Where state lives, from the `store` key: memory://, sqlite://PATH or redis://HOST:PORT[/DB]. */
export type StoreLocation =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'redis'; url: string; host: string; port: number; db: number; tls: boolean };

export class StoreUrlError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'StoreUrlError';
  }
}

/** Parses a store URL; throws StoreUrlError whose message never repeats a password. */
export function parseStoreUrl(url: string): StoreLocation {
  if (url === 'memory://' || url === 'memory:') return { kind: 'memory' };
  if (url.startsWith('sqlite://')) {
    const path = url.slice('sqlite://'.length);
    if (path.trim() === '') throw new StoreUrlError(url, 'sqlite:// needs a file path, e.g. sqlite://data/newsbot.sqlite');
    return { kind: 'sqlite', path };
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return parseRedisUrl(url);
  throw new StoreUrlError(url, 'expected memory://, sqlite://PATH or redis://HOST:PORT[/DB]');
}

function parseRedisUrl(url: string): StoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreUrlError(url, 'expected redis://HOST:PORT[/DB]');
  }
  if (parsed.hostname === '') throw new StoreUrlError(url, 'redis:// needs a host, e.g. redis://127.0.0.1:6379');
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,5}$/.test(dbText)) {
    throw new StoreUrlError(url, `redis database must be a number (got "/${dbText}")`);
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new StoreUrlError(url, 'redis URL takes no query string or fragment');
  }
  return {
    kind: 'redis',
    url,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db: dbText === '' ? 0 : Number(dbText),
    tls: parsed.protocol === 'rediss:',
  };
}
