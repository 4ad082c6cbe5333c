/**
 * The requests the benchmark sends: simulated transactions, pre-serialised once so that the
 * load generator spends its time sending, not building JSON. Every request carries a transaction
 * the predictor has not seen: each pass over the fixtures shifts the transaction ids past the
 * previous pass's, since a transaction sent again is answered from the feature store without
 * being scored (exactly-once), which is not what a benchmark of scoring should measure.
 */
import { toLegacyQuery, toTransactionInput, type Transaction } from '@fraudwatch/model';
import type { RequestPlan } from './load.js';

/** Hands out id shifts, one per pass over the fixtures, none twice; shared by every plan of a run. */
export interface IdPasses {
  next(): number;
}

export function idPasses(transactions: readonly Transaction[]): IdPasses {
  // One past the largest transaction id: a pass's ids never meet another's.
  const span = transactions.reduce((max, tx) => Math.max(max, tx.transactionId), 0) + 1;
  let passes = 0;
  return { next: () => passes++ * span };
}

/** Hands out `make(item, idShift)` for the items in turn, forever, with a new shift for each pass. */
function freshCycle<T, R>(items: readonly T[], passes: IdPasses, make: (item: T, idShift: number) => R): () => R {
  if (items.length === 0) throw new Error('nothing to cycle through');
  let i = 0;
  let shift = 0;
  return () => {
    if (i % items.length === 0) shift = passes.next();
    const item = items[i % items.length]!;
    i += 1;
    return make(item, shift);
  };
}

/** A transaction's JSON as `{"transaction_id":` + id + what `tail` holds, so the id can change per request. */
interface JsonParts {
  readonly id: number;
  readonly tail: string;
}

function jsonParts(tx: Transaction): JsonParts {
  const { transaction_id: id, ...rest } = toTransactionInput(tx);
  return { id, tail: `,${JSON.stringify(rest).slice(1)}` };
}

const transactionJson = (p: JsonParts, idShift: number): string => `{"transaction_id":${p.id + idShift}${p.tail}`;

export function predictPlan(transactions: readonly Transaction[], passes: IdPasses): RequestPlan {
  const parts = transactions.map(jsonParts);
  return { method: 'POST', path: '/v1/predict', next: freshCycle(parts, passes, (p, shift) => ({ body: transactionJson(p, shift) })) };
}

export function legacyPredictPlan(transactions: readonly Transaction[], passes: IdPasses): RequestPlan {
  const startMs = transactions.reduce((min, tx) => Math.min(min, tx.time), Infinity);
  const queries = transactions.map((tx) => {
    const query = toLegacyQuery(tx, startMs);
    query.delete('tranaction_id');
    return { id: tx.transactionId, rest: query.toString() };
  });
  return {
    method: 'GET',
    path: '/predict',
    next: freshCycle(queries, passes, (q, shift) => ({ path: `/predict?tranaction_id=${q.id + shift}&${q.rest}` })),
  };
}

/** Consecutive slices of `size` transactions, each a batch request body, with fresh ids on every pass. */
export function batchBodies(transactions: readonly Transaction[], size: number, passes: IdPasses): () => string {
  const slices: JsonParts[][] = [];
  for (let start = 0; start + size <= transactions.length; start += size) slices.push(transactions.slice(start, start + size).map(jsonParts));
  return freshCycle(slices, passes, (slice, shift) => `{"transactions":[${slice.map((p) => transactionJson(p, shift)).join(',')}]}`);
}

export function batchPlan(transactions: readonly Transaction[], size: number, passes: IdPasses): RequestPlan {
  const next = batchBodies(transactions, size, passes);
  return { method: 'POST', path: '/v1/predict/batch', next: () => ({ body: next() }) };
}
