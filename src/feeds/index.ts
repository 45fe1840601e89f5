export { createFetcher, DEFAULT_USER_AGENT, FETCH_DEFAULTS } from './create-fetcher.js';
export { FeedFetchError, type FeedFetchErrorKind } from './errors.js';
export { parseFeed } from './parse-feed.js';
export { initialFeedState, backoffDelay } from './feed-state.js';
export { redactUrl } from './redact-url.js';
export { blockedReason, createAddressPolicy } from '../net/address-policy.js';
export type { FeedFetcher, FeedSource, FetcherOptions, ParsedFeed, ParseOptions, PollOutcome, LookupFunction } from './types.js';
