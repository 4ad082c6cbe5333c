import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/index.js';
import { contractSuite, DELAY, RULES, tx } from './contract.js';

contractSuite('memory', (alertCounter) => createMemoryStore({ state: { labelDelayDays: DELAY }, maxTransactions: 10_000, alertCounter }), { shared: false });

describe('memory store', () => {
  it('forgets the oldest predictions beyond maxTransactions (the bound on its memory)', async () => {
    const store = createMemoryStore({ state: { labelDelayDays: DELAY }, maxTransactions: 2, alertCounter: RULES });
    const prediction = { probability: 0.1, decision: 'legit' } as const;
    await store.commit([1, 2, 3].map((id) => ({ tx: tx(id, id, 1), prediction })));
    const lookups = await store.lookup([tx(1, 1, 1), tx(3, 3, 1)]);
    expect(lookups.map((l) => l.seen)).toEqual([false, true]);
  });
});
