/**
 * Scores a batch through a store with exactly the results of scoring it one transaction at a
 * time: the batch is cut into consecutive runs in which no transaction can change another's
 * features (another customer, and no earlier transaction of its terminal old enough for its
 * terminal windows); each run is looked up in one round trip, scored, then committed in one.
 */
import { dayIndex, newestLabelledDay, type Transaction } from '@fraudwatch/model';
import type { CommitResult, OnlineStore, Scored, StoredPrediction } from './contract.js';

/** Consecutive runs of `txs` (as [start, end) index pairs) with no dependency inside a run. */
export function independentRuns(txs: readonly Transaction[], labelDelayDays: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = 0;
  let customers = new Set<number>();
  // Per terminal, the earliest day among the run's transactions on it.
  let terminals = new Map<number, number>();
  txs.forEach((tx, i) => {
    const day = dayIndex(tx.time);
    const earliest = terminals.get(tx.terminalId);
    if (customers.has(tx.customerId) || (earliest !== undefined && earliest <= newestLabelledDay(day, labelDelayDays))) {
      runs.push([start, i]);
      start = i;
      customers = new Set();
      terminals = new Map();
    }
    customers.add(tx.customerId);
    terminals.set(tx.terminalId, Math.min(day, terminals.get(tx.terminalId) ?? day));
  });
  if (txs.length > 0) runs.push([start, txs.length]);
  return runs;
}

/**
 * Looks up, decides (for transactions not recorded yet) and commits `txs` in order. A transaction
 * already recorded keeps its stored prediction; `decide` is not called for it. `options` applies to
 * every commit (see Scored).
 */
export async function scoreTransactions(
  store: OnlineStore,
  txs: readonly Transaction[],
  labelDelayDays: number,
  decide: (features: Float64Array, tx: Transaction) => StoredPrediction,
  options: Pick<Scored, 'mayResetAlertCounter'> = {},
): Promise<CommitResult[]> {
  const results: CommitResult[] = [];
  for (const [start, end] of independentRuns(txs, labelDelayDays)) {
    const run = txs.slice(start, end);
    const lookups = await store.lookup(run);
    const scored: Scored[] = run.map((tx, i) => {
      const lookup = lookups[i]!;
      return { tx, prediction: lookup.seen ? lookup.prediction : decide(lookup.features, tx), ...options };
    });
    results.push(...(await store.commit(scored)));
  }
  return results;
}
