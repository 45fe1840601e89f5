export interface PoolKeys<T> {
  /** Items with the same key (a feed's host) share `perKey` slots. */
  keyOf: (item: T) => string;
  perKey: number;
}

interface KeyQueue<T> {
  items: T[];
  next: number;
  active: number;
  ready: boolean;
}

/**
 * Runs `work` over `items` with at most `limit` in flight and, with `keys`, at most `perKey` per key. An item
 * whose key is full waits without holding one of the `limit` slots: an item of another key takes it, so a
 * long run of feeds on one busy host cannot leave the other hosts idle. Keys take turns; one key's items
 * start in order. Rejects with the first error `work` throws (errors are the worker's to handle), and
 * nothing new starts from then on.
 */
export function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>,
  keys?: PoolKeys<T>): Promise<void> {
  const queues = new Map<string, KeyQueue<T>>();
  for (const item of items) {
    const key = keys ? keys.keyOf(item) : '';
    let queue = queues.get(key);
    if (!queue) queues.set(key, (queue = { items: [], next: 0, active: 0, ready: true }));
    queue.items.push(item);
  }
  const perKey = keys ? Math.max(1, keys.perKey) : Infinity;
  const max = Math.max(1, limit);
  // Keys with items left and a free slot, in turn order.
  const ready: Array<KeyQueue<T>> = [...queues.values()];
  let active = 0;
  let left = items.length;
  let failed = false;
  const canStart = (q: KeyQueue<T>) => q.next < q.items.length && q.active < perKey;
  return new Promise((resolve, reject) => {
    const finish = (queue: KeyQueue<T>) => {
      queue.active--;
      active--;
      left--;
      if (!queue.ready && canStart(queue)) {
        queue.ready = true;
        ready.push(queue);
      }
      pump();
    };
    const pump = () => {
      while (!failed && active < max && ready.length > 0) {
        const queue = ready.shift() as KeyQueue<T>;
        const item = queue.items[queue.next++] as T;
        queue.active++;
        active++;
        if (canStart(queue)) ready.push(queue);
        else queue.ready = false;
        work(item).then(() => finish(queue), (err: unknown) => {
          failed = true;
          reject(err);
        });
      }
      if (!failed && left === 0) resolve();
    };
    pump();
  });
}
