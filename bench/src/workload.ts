/**
 * The requests the benchmark sends: simulated transactions, pre-serialised once so that the
 * load generator spends its time sending, not building JSON, and every request carries a
 * different transaction.
 */
import { toLegacyQuery, toTransactionInput, type Transaction } from '@fraudwatch/model';
import type { RequestPlan } from './load.js';

/** Hands out the items in turn, forever. */
export function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to cycle through');
  let i = 0;
  return () => items[i++ % items.length]!;
}

export function predictPlan(transactions: readonly Transaction[]): RequestPlan {
  const bodies = transactions.map((tx) => JSON.stringify(toTransactionInput(tx)));
  return { method: 'POST', path: '/v1/predict', next: cycle(bodies.map((body) => ({ body }))) };
}

export function legacyPredictPlan(transactions: readonly Transaction[]): RequestPlan {
  const startMs = transactions.reduce((min, tx) => Math.min(min, tx.time), Infinity);
  const paths = transactions.map((tx) => ({ path: `/predict?${toLegacyQuery(tx, startMs)}` }));
  return { method: 'GET', path: '/predict', next: cycle(paths) };
}

/** Consecutive slices of `size` transactions, each serialised as a batch request body. */
export function batchBodies(transactions: readonly Transaction[], size: number): string[] {
  const bodies: string[] = [];
  for (let start = 0; start + size <= transactions.length; start += size) {
    bodies.push(JSON.stringify({ transactions: transactions.slice(start, start + size).map(toTransactionInput) }));
  }
  return bodies;
}

export function batchPlan(transactions: readonly Transaction[], size: number): RequestPlan {
  return { method: 'POST', path: '/v1/predict/batch', next: cycle(batchBodies(transactions, size).map((body) => ({ body }))) };
}
