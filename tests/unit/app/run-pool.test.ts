import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src/app/run-pool.js';

/** Work items that finish only when the test says so, so the order of starts is observable. */
function gatedWork() {
  const started: string[] = [];
  const gates = new Map<string, () => void>();
  const work = (item: string) => new Promise<void>((resolve) => {
    started.push(item);
    gates.set(item, resolve);
  });
  const finish = async (item: string) => {
    gates.get(item)!();
    await new Promise((r) => setImmediate(r));
  };
  return { started, work, finish };
}

describe('runPool', () => {
  it('starts at most `limit` items and the next one as soon as one finishes', async () => {
    const { started, work, finish } = gatedWork();
    const done = runPool(['a', 'b', 'c', 'd'], 2, work);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b']);
    await finish('b');
    expect(started).toEqual(['a', 'b', 'c']);
    await finish('a');
    await finish('c');
    await finish('d');
    await done;
    expect(started).toEqual(['a', 'b', 'c', 'd']);
  });

  it('an item whose key is full does not take a slot: the other keys go on', async () => {
    const { started, work, finish } = gatedWork();
    const items = ['x1', 'x2', 'x3', 'x4', 'y1', 'y2'];
    const done = runPool(items, 3, work, { keyOf: (i) => i[0]!, perKey: 1 });
    await new Promise((r) => setImmediate(r));
    // Only one x at a time, and y does not wait behind x's queue; the third slot stays free (nothing else to run).
    expect(started).toEqual(['x1', 'y1']);
    await finish('x1');
    expect(started).toEqual(['x1', 'y1', 'x2']);
    await finish('y1');
    expect(started).toEqual(['x1', 'y1', 'x2', 'y2']);
    for (const i of ['x2', 'y2', 'x3', 'x4']) await finish(i);
    await done;
    expect(started).toEqual(['x1', 'y1', 'x2', 'y2', 'x3', 'x4']);
  });

  it('resolves at once for no items and rejects with the first error', async () => {
    await runPool([], 4, async () => undefined);
    const ran: number[] = [];
    await expect(runPool([1, 2, 3], 1, async (n) => {
      ran.push(n);
      if (n === 2) throw new Error('boom 2');
    })).rejects.toThrow('boom 2');
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([1, 2]);
  });
});
