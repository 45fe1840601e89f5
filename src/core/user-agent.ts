/** Sent to feeds unless `fetch.userAgent` says otherwise; the config's default and the fetcher's are this one. */
export const DEFAULT_USER_AGENT = 'newsbot/0.1 (wire alert bot; +https://github.com/newsbot/newsbot)';
