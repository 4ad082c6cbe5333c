import { describe, expect, it } from 'vitest';
import { independentRuns, runsWithoutRepeats } from '../src/index.js';
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

describe('runsWithoutRepeats', () => {
  it('cuts a batch only before a transaction repeated within the run (same id and customer)', () => {
    const batch = [
      tx(1, 1, 1),
      tx(2, 1, 1), // customer 1 again: the same run (the store's lookup follows the batch)
      tx(1, 2, 1), // id 1 for another customer: another transaction
      tx(1, 1, 1), // a repeat: new run
      tx(3, 3, 3, DELAY),
      tx(1, 1, 1), // repeated again within the second run: new run
    ];
    expect(runsWithoutRepeats(batch)).toEqual([
      [0, 3],
      [3, 5],
      [5, 6],
    ]);
    expect(runsWithoutRepeats([])).toEqual([]);
  });
});
