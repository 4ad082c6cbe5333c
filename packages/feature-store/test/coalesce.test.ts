import { describe, expect, it } from 'vitest';
import { coalesce } from '../src/coalesce.js';

/** A `run` that records every call and answers each item with `item * 10`, or fails when told. */
function recorder(failOn?: number) {
  const calls: number[][] = [];
  const run = async (items: readonly number[]): Promise<number[]> => {
    calls.push([...items]);
    if (failOn !== undefined && items.includes(failOn)) throw new Error(`run failed on ${failOn}`);
    return items.map((n) => n * 10);
  };
  return { calls, run };
}

describe('coalesce', () => {
  it('joins the calls of one event-loop turn into one run, in call order, and gives each caller its share', async () => {
    const { calls, run } = recorder();
    const joined = coalesce(run);
    const results = await Promise.all([joined([1, 2]), joined([3]), joined([]), joined([4, 5, 6])]);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(results).toEqual([[10, 20], [30], [], [40, 50, 60]]);
  });

  it('joins calls made from separate callbacks of the same turn (concurrent requests), not those of a later turn', async () => {
    const { calls, run } = recorder();
    const joined = coalesce(run);
    const sameTurn = await new Promise<number[][]>((resolve) => {
      const pending: Promise<number[]>[] = [];
      setImmediate(() => pending.push(joined([1])));
      setImmediate(() => {
        pending.push(joined([2]));
        resolve(Promise.all(pending));
      });
    });
    const later = await joined([3]);
    expect(sameTurn).toEqual([[10], [20]]);
    expect(later).toEqual([30]);
    expect(calls).toEqual([[1, 2], [3]]);
  });

  it('rejects every caller of a failed run with its error, and only those', async () => {
    const { calls, run } = recorder(2);
    const joined = coalesce(run);
    const first = await Promise.allSettled([joined([1]), joined([2])]);
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(first.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(['run failed on 2', 'run failed on 2']);
    expect(await joined([3])).toEqual([30]);
    expect(calls).toEqual([[1, 2], [3]]);
  });
});
