/**
 * Scores a batch through a store with exactly the results of scoring it one transaction at a
 * time: the batch is cut into consecutive runs that can be looked up at once (see
 * OnlineStore.lookupFollowsBatch); each run is looked up in one call, scored, then committed in one.
 */
import { dayIndex, newestLabelledDay, type Transaction } from '@fraudwatch/model';
import type { CommitResult, OnlineStore, Scored, StoredPrediction } from './contract.js';
import { predictionKey } from './identity.js';

/**
 * Consecutive runs of `txs` (as [start, end) index pairs): a run ends before the transaction for
 * which `dependsOnRun` (given a fresh one per run) answers true; it sees each transaction once.
 */
function runs(txs: readonly Transaction[], newRun: () => (tx: Transaction) => boolean): [number, number][] {
  const cuts: [number, number][] = [];
  let start = 0;
  let dependsOnRun = newRun();
  txs.forEach((tx, i) => {
    if (dependsOnRun(tx)) {
      cuts.push([start, i]);
      start = i;
      dependsOnRun = newRun();
      dependsOnRun(tx);
    }
  });
  if (txs.length > 0) cuts.push([start, txs.length]);
  return cuts;
}

/** Runs in which no transaction changes another's features (for a store whose lookup reads the state as it is). */
export function independentRuns(txs: readonly Transaction[], labelDelayDays: number): [number, number][] {
  return runs(txs, () => {
    const customers = new Set<number>();
    // Per terminal, the earliest day among the run's transactions on it.
    const terminals = new Map<number, number>();
    return (tx) => {
      const day = dayIndex(tx.time);
      const earliest = terminals.get(tx.terminalId);
      const depends = customers.has(tx.customerId) || (earliest !== undefined && earliest <= newestLabelledDay(day, labelDelayDays));
      customers.add(tx.customerId);
      terminals.set(tx.terminalId, Math.min(day, earliest ?? day));
      return depends;
    };
  });
}

/**
 * Runs without a repeated transaction (for a store whose lookup follows the batch): a repeat is
 * looked up once the first is committed, and so gets the stored prediction without being scored.
 */
export function runsWithoutRepeats(txs: readonly Transaction[]): [number, number][] {
  return runs(txs, () => {
    const seen = new Set<string>();
    return (tx) => {
      const key = predictionKey(tx);
      const depends = seen.has(key);
      seen.add(key);
      return depends;
    };
  });
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
  const cuts = store.lookupFollowsBatch ? runsWithoutRepeats(txs) : independentRuns(txs, labelDelayDays);
  for (const [start, end] of cuts) {
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
