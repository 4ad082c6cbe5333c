/**
 * Scores validated transactions through the online store: features from the state before each
 * one, the model, the decision, recorded in the store (which also keeps alert_counter). A
 * transaction the store has already recorded (a retry, or one scored by another replica) gets the
 * answer stored for it and changes nothing: it is not counted again in the metrics or the drift.
 */
import { scoreTransactions, type OnlineStore } from '@fraudwatch/feature-store';
import type { Decision } from '@fraudwatch/metrics';
import type { FraudModel, Transaction } from '@fraudwatch/model';
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
  readonly store: OnlineStore;
  /** Part of the store's layout: which labels terminal windows may read (see @fraudwatch/model). */
  readonly labelDelayDays: number;
  /** Undefined when the reset is disabled. */
  readonly resetTerminalId: number | undefined;
  readonly metrics: Pick<Metrics, 'predictions' | 'fraudProbability' | 'inferenceDuration' | 'alertCounterResets' | 'alertCounterResetsRefused'>;
  readonly drift: Pick<ScoreDrift, 'observe'>;
}

/** What the request's caller may do to the state a transaction changes. */
export interface ScoreOptions {
  /** Whether this request's caller may reset alert_counter (auth.mayResetAlertCounter). */
  readonly mayResetAlertCounter: boolean;
}

export interface Scorer {
  /**
   * In order, with exactly the results of scoring them one by one; rejects with
   * FeatureStoreUnavailableError.
   */
  score(txs: readonly Transaction[], options: ScoreOptions): Promise<Prediction[]>;
}

export function createScorer({ model, store, labelDelayDays, resetTerminalId, metrics, drift }: ScorerDeps): Scorer {
  const { threshold, version: modelVersion } = model.card;

  const decide = (features: Float64Array) => {
    const started = performance.now();
    const probability = model.predict(features);
    metrics.inferenceDuration.observe((performance.now() - started) / 1000);
    const decision: Decision = probability >= threshold ? 'fraud' : 'legit';
    return { probability, decision };
  };

  return {
    async score(txs, options) {
      const results = await scoreTransactions(store, txs, labelDelayDays, decide, options);
      return results.map(({ recorded, reset, prediction }, i) => {
        const { probability, decision } = prediction;
        const tx = txs[i]!;
        if (recorded) {
          metrics.predictions.inc(decision);
          metrics.fraudProbability.observe(probability);
          drift.observe(probability);
          if (reset) metrics.alertCounterResets.inc();
          // The store counted it like any other transaction; the refusal is counted here.
          if (tx.terminalId === resetTerminalId && !options.mayResetAlertCounter) metrics.alertCounterResetsRefused.inc();
        }
        return { transactionId: tx.transactionId, probability, decision, threshold, modelVersion };
      });
    },
  };
}
