/**
 * The one backoff curve: baseMs, 2·baseMs, 4·baseMs … capped at maxMs. Failing feeds and failed deliveries both
 * follow it, so an operator reads one rule in the README and sees it in `newsbot status` and the outbox.
 */
export function exponentialBackoff(attempt: number, baseMs: number, maxMs: number): number {
  // The exponent is capped so 2 ** n stays finite long before any real failure count gets there.
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}
