/**
 * Scores one validated transaction: features from the state before it, the model, the decision;
 * then records it in the feature state and accounts for it in the metrics and alert_counter.
 */
import type { Decision } from '@fraudwatch/metrics';
import type { FeatureStore, FraudModel, Transaction } from '@fraudwatch/model';
import type { AlertCounter, ObserveOptions } from './alert-counter.js';
import type { DecisionLog } from './decision-log.js';
import type { ScoreDrift } from './drift.js';
import type { Metrics } from './metrics.js';

export interface Prediction {
  readonly transactionId: number;
  readonly probability: number;
  readonly decision: Decision;
  readonly threshold: number;
  readonly modelVersion: string;
}

export interface ScorerDeps {
  readonly model: FraudModel;
  readonly store: FeatureStore;
  readonly metrics: Pick<Metrics, 'predictions' | 'fraudProbability' | 'inferenceDuration'>;
  readonly alertCounter: AlertCounter;
  readonly decisions: DecisionLog;
  readonly drift: Pick<ScoreDrift, 'observe'>;
}

/** What the request's caller may do to the state a transaction changes. */
export type ScoreOptions = ObserveOptions;

export interface Scorer {
  score(tx: Transaction, options: ScoreOptions): Prediction;
}

export function createScorer({ model, store, metrics, alertCounter, decisions, drift }: ScorerDeps): Scorer {
  const { threshold, version: modelVersion } = model.card;

  return {
    score(tx, options) {
      const started = performance.now();
      const probability = model.predict(store.features(tx));
      metrics.inferenceDuration.observe((performance.now() - started) / 1000);
      store.record(tx);
      const decision: Decision = probability >= threshold ? 'fraud' : 'legit';
      metrics.predictions.inc(decision);
      metrics.fraudProbability.observe(probability);
      drift.observe(probability);
      decisions.remember(tx.transactionId, decision);
      alertCounter.observe(tx.terminalId, decision, options);
      return { transactionId: tx.transactionId, probability, decision, threshold, modelVersion };
    },
  };
}
