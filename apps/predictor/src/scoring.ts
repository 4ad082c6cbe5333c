/**
 * Scores one validated transaction: features from the state before it, the model, the decision;
 * then records it in the feature state and accounts for it in the metrics and alert_counter.
 * Asked to explain, it also returns the feature vector and the model's contributions for it;
 * otherwise nothing more is computed.
 */
import type { Decision } from '@fraudwatch/metrics';
import type { Explanation, FeatureStore, ScoringModel, Transaction } from '@fraudwatch/model';
import type { AlertCounter, ObserveOptions } from './alert-counter.js';
import type { DecisionLog } from './decision-log.js';
import type { ScoreDrift } from './drift.js';
import type { Metrics } from './metrics.js';

/** Why a transaction got its score: what the model saw and each feature's share of the log-odds. */
export interface Explained {
  readonly features: Float64Array;
  readonly explanation: Explanation;
}

export interface Prediction {
  readonly transactionId: number;
  readonly probability: number;
  readonly decision: Decision;
  readonly threshold: number;
  readonly modelVersion: string;
  /** Only when asked for, and the model can explain. */
  readonly explained?: Explained;
}

export interface ScorerDeps {
  readonly model: ScoringModel;
  readonly store: FeatureStore;
  readonly metrics: Pick<Metrics, 'predictions' | 'fraudProbability' | 'inferenceDuration'>;
  readonly alertCounter: AlertCounter;
  readonly decisions: DecisionLog;
  /** Undefined when score drift monitoring is off (the model has no reference). */
  readonly drift: Pick<ScoreDrift, 'observe'> | undefined;
}

/**
 * What the request's caller may do to the state a transaction changes, and whether to explain the
 * score (ignored by a model that cannot: callers check `canExplain` and say so).
 */
export type ScoreOptions = ObserveOptions & { readonly explain?: boolean };

export interface Scorer {
  /** Whether the model can explain its scores (a random forest cannot). */
  readonly canExplain: boolean;
  score(tx: Transaction, options: ScoreOptions): Prediction;
}

export function createScorer({ model, store, metrics, alertCounter, decisions, drift }: ScorerDeps): Scorer {
  const { threshold, version: modelVersion } = model.card;
  const { explain: explainer } = model;

  return {
    canExplain: explainer !== undefined,
    score(tx, options) {
      const started = performance.now();
      const features = store.features(tx);
      const probability = model.predict(features);
      metrics.inferenceDuration.observe((performance.now() - started) / 1000);
      store.record(tx);
      const decision: Decision = probability >= threshold ? 'fraud' : 'legit';
      metrics.predictions.inc(decision);
      metrics.fraudProbability.observe(probability);
      drift?.observe(probability);
      decisions.remember(tx.transactionId, decision);
      alertCounter.observe(tx.terminalId, decision, options);
      const prediction = { transactionId: tx.transactionId, probability, decision, threshold, modelVersion };
      return options.explain && explainer ? { ...prediction, explained: { features, explanation: explainer(features) } } : prediction;
    },
  };
}
