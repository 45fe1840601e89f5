/**
 * The defaults of the settings that both the config schema and the library entry points (createFetcher,
 * openStores) know: one place, so a test or bench that builds a fetcher without a config gets what an
 * operator without the key gets. The schema shows them in their human form (see config/schema.ts).
 */
const DAY_MS = 86_400_000;

export const FETCH_DEFAULTS = {
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  itemCap: 5_000,
  concurrency: 16,
  perHostConcurrency: 4,
} as const;

export const STORE_DEFAULTS = {
  keyPrefix: 'newsbot',
  seenTtlMs: 30 * DAY_MS,
  recentTtlMs: 7 * DAY_MS,
  recentMaxPerFeed: 500,
} as const;

/**
 * Characters of feed markup kept for an article stored raw (StoredArticle.raw: read at a first poll that
 * matched nothing, extracted when a preview reads it). The recent store keeps 1,500 characters of clean text;
 * wire markup is mostly text, so 4,000 raw characters give those in all but markup-heavy bodies.
 */
export const RECENT_RAW_LIMIT = 4000;

/** Stored articles scanned for preview and the subscribe count: the store keeps the newest first. */
export const RECENT_SCAN_LIMIT = 5000;
