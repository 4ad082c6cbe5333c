/**
 * The embedded backend: the model's in-process feature state, plus bounded memories of the
 * predictions and labels recorded (for exactly-once), and a per-process alert_counter.
 */
import { createFeatureStore, type FeatureStoreOptions, type FraudLabel } from '@fraudwatch/model';
import { alertCounterOp, type AlertCounterRules } from './alert-counter.js';
import { BoundedMap } from './bounded-map.js';
import type { CommitResult, LabelResult, OnlineStore, Scored, StoredPrediction } from './contract.js';
import { labelKey, predictionKey } from './identity.js';

export interface MemoryStoreOptions {
  readonly state?: Partial<FeatureStoreOptions>;
  /** Predictions, and labels, remembered for exactly-once; beyond it the oldest is forgotten. */
  readonly maxTransactions: number;
  readonly alertCounter: AlertCounterRules;
}

interface AppliedLabel {
  readonly label: FraudLabel;
  /** The fraud was counted in the terminal's state (so a correction takes it back). */
  readonly counted: boolean;
}

export function createMemoryStore(options: MemoryStoreOptions): OnlineStore {
  const state = createFeatureStore(options.state);
  const predictions = new BoundedMap<string, StoredPrediction>(options.maxTransactions);
  const labels = new BoundedMap<string, AppliedLabel>(options.maxTransactions);
  let alertCounter = 0;

  const commitOne = ({ tx, prediction, mayResetAlertCounter }: Scored): CommitResult => {
    const key = predictionKey(tx);
    const earlier = predictions.get(key);
    if (earlier) return { recorded: false, prediction: earlier, alertCounter, reset: false };
    state.record(tx);
    predictions.set(key, prediction);
    const op = alertCounterOp(options.alertCounter, tx.terminalId, prediction.decision, mayResetAlertCounter);
    if (op === 'reset') alertCounter = 0;
    else if (op === 'inc') alertCounter += 1;
    return { recorded: true, prediction, alertCounter, reset: op === 'reset' };
  };

  const labelOne = (label: FraudLabel): LabelResult => {
    const decision = predictions.get(predictionKey(label))?.decision;
    const key = labelKey(label);
    const earlier = labels.get(key);
    if (earlier && earlier.label.isFraud === label.isFraud) return { outcome: 'duplicate', decision };
    if (earlier?.counted) state.retractLabel(earlier.label);
    labels.set(key, { label, counted: state.addLabel(label) });
    return { outcome: earlier ? 'corrected' : 'applied', decision };
  };

  return {
    backend: 'memory',
    lookupFollowsBatch: false,
    lookup: async (txs) =>
      txs.map((tx) => {
        const prediction = predictions.get(predictionKey(tx));
        return prediction ? { seen: true, prediction } : { seen: false, features: state.features(tx) };
      }),
    commit: async (scored) => scored.map(commitOne),
    applyLabels: async (batch) => batch.map(labelOne),
    alertCounter: async () => alertCounter,
    entityCounts: async () => state.size(),
    health: async () => undefined,
    close: async () => undefined,
  };
}
