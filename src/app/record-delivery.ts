/**
 * Records a sent alert (outbox complete, then the seen mark). A store blip right after a send must not make
 * the alert go out again: the record is retried for as long as our claim still keeps other instances off it.
 * Only a store outage longer than the claim (or a crash) leaves the alert to be posted once more.
 */
import type { Clock } from '../core/ports.js';
import { sleep } from './system-clock.js';

const RETRY_EVERY_MS = 250;

export interface RecordWindow {
  /** When the claim was taken, and for how long it holds. */
  claimedAt: number;
  claimTtlMs: number;
  clock: Clock;
}

export async function recordDelivery(steps: ReadonlyArray<() => Promise<void>>, window: RecordWindow): Promise<void> {
  let done = 0;
  for (;;) {
    try {
      while (done < steps.length) {
        await steps[done]!();
        done++;
      }
      return;
    } catch (err) {
      const left = window.claimedAt + window.claimTtlMs - window.clock.now();
      if (left < RETRY_EVERY_MS * 2) throw err;
      await sleep(RETRY_EVERY_MS);
    }
  }
}
