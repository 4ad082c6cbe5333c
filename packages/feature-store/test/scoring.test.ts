import { describe, expect, it } from 'vitest';
import { independentRuns } from '../src/index.js';
import { DELAY, tx } from './contract.js';

describe('independentRuns', () => {
  it('cuts a batch before a transaction whose features an earlier one in the run changes', () => {
    const batch = [
      tx(1, 1, 1),
      tx(2, 2, 1), // same terminal, same day: terminal windows end DELAY days earlier, so independent
      tx(3, 1, 2), // customer 1 again: new run
      tx(4, 3, 2, DELAY), // terminal 2 seen DELAY days earlier in this run: new run
      tx(5, 4, 5, DELAY),
    ];
    expect(independentRuns(batch, DELAY)).toEqual([
      [0, 2],
      [2, 3],
      [3, 5],
    ]);
    expect(independentRuns([], DELAY)).toEqual([]);
  });
});
