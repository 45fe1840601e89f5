/** A counting semaphore: at most `size` tasks run at once, the rest wait in FIFO order. */
export function createLimiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** One limiter per key (host), dropped again when idle so the map does not grow with every host ever seen. */
export function createKeyedLimiter(size: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const limiters = new Map<string, { run: ReturnType<typeof createLimiter>; users: number }>();
  return async (key, task) => {
    let entry = limiters.get(key);
    if (!entry) {
      entry = { run: createLimiter(size), users: 0 };
      limiters.set(key, entry);
    }
    entry.users++;
    try {
      return await entry.run(task);
    } finally {
      if (--entry.users === 0) limiters.delete(key);
    }
  };
}
