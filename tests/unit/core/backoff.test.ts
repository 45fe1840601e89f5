import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from '../../../src/core/backoff.js';
import { computeRetryDelay } from '../../../src/core/alerts/delivery-keys.js';
import { stateAfterFailure, initialFeedState } from '../../../src/feeds/feed-state.js';
import { FeedFetchError } from '../../../src/feeds/errors.js';

describe('the backoff curve', () => {
  it('doubles from the base and stops at the ceiling', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => exponentialBackoff(n, 60_000, 3_600_000)))
      .toEqual([60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000]);
    expect(exponentialBackoff(0, 1000, 10_000)).toBe(1000);
    expect(exponentialBackoff(10_000, 1000, 10_000)).toBe(10_000);
  });

  it('is the curve of failed deliveries (Retry-After wins when longer)', () => {
    expect(computeRetryDelay(3, 1000, 60_000)).toBe(exponentialBackoff(3, 1000, 60_000));
    expect(computeRetryDelay(1, 1000, 60_000, 5000)).toBe(5000);
  });

  it('is the curve of failing feeds', () => {
    let state = initialFeedState();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const error = new FeedFetchError('connect', 'refused', { feedId: 'f', url: 'http://127.0.0.1/' });
      state = stateAfterFailure(state, error, 0, { baseMs: 1000, maxMs: 5000 });
      delays.push(state.nextPollAt! - 0);
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000]);
  });
});
