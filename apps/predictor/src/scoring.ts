/**
 * Scores validated transactions through the online store: features from the state before each
 * one, the model, the decision, recorded in the store (which also keeps alert_counter). A
 * transaction the store has already recorded (a retry, or one scored by another replica) gets the
 * answer stored for it and changes nothing: it is not counted again in the metrics or the drift.
 * Asked to explain, a transaction scored now also carries its feature vector and the model's
 * contributions for it (one answered from the store does not: its features are not kept);
 * otherwise nothing more is computed.
 */
import { scoreTransactions, type OnlineStore } from '@fraudwatch/feature-store';
import type { Decision } from '@fraudwatch/metrics';
import type { Explanation, ScoringModel, Transaction } from '@fraudwatch/model';
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
  /** Only when asked for, the model can explain, and the transaction was scored now. */
  readonly explained?: Explained;
}

export interface ScorerDeps {
  readonly model: ScoringModel;
  readonly store: OnlineStore;
  /** Part of the store's layout: which labels terminal windows may read (see @fraudwatch/model). */
  readonly labelDelayDays: number;
  /** Undefined when the reset is disabled. */
  readonly resetTerminalId: number | undefined;
  readonly metrics: Pick<Metrics, 'predictions' | 'fraudProbability' | 'inferenceDuration' | 'alertCounterResets' | 'alertCounterResetsRefused'>;
  /** Undefined when score drift monitoring is off (the model has no reference). */
  readonly drift: Pick<ScoreDrift, 'observe'> | undefined;
}

/**
 * What the request's caller may do to the state a transaction changes, and whether to explain the
 * score (ignored by a model that cannot: callers check `canExplain` and say so).
 */
export interface ScoreOptions {
  /** Whether this request's caller may reset alert_counter (auth.mayResetAlertCounter). */
  readonly mayResetAlertCounter: boolean;
  readonly explain?: boolean;
}

export interface Scorer {
  /** Whether the model can explain its scores (a random forest cannot). */
  readonly canExplain: boolean;
  /**
   * In order, with exactly the results of scoring them one by one; rejects with
   * FeatureStoreUnavailableError.
   */
  score(txs: readonly Transaction[], options: ScoreOptions): Promise<Prediction[]>;
}

export function createScorer({ model, store, labelDelayDays, resetTerminalId, metrics, drift }: ScorerDeps): Scorer {
  const { threshold, version: modelVersion } = model.card;
  const { explain: explainer } = model;

  return {
    canExplain: explainer !== undefined,
    async score(txs, options) {
      // Only an explaining request keeps anything per transaction beyond its answer.
      const explain = options.explain ? explainer : undefined;
      const explained = explain ? new Map<Transaction, Explained>() : undefined;
      const decide = (features: Float64Array, tx: Transaction) => {
        const started = performance.now();
        const probability = model.predict(features);
        metrics.inferenceDuration.observe((performance.now() - started) / 1000);
        if (explain) explained?.set(tx, { features, explanation: explain(features) });
        const decision: Decision = probability >= threshold ? 'fraud' : 'legit';
        return { probability, decision };
      };
      const results = await scoreTransactions(store, txs, labelDelayDays, decide, { mayResetAlertCounter: options.mayResetAlertCounter });
      return results.map(({ recorded, reset, prediction }, i) => {
        const { probability, decision } = prediction;
        const tx = txs[i]!;
        const answer = { transactionId: tx.transactionId, probability, decision, threshold, modelVersion };
        if (!recorded) return answer;
        metrics.predictions.inc(decision);
        metrics.fraudProbability.observe(probability);
        drift?.observe(probability);
        if (reset) metrics.alertCounterResets.inc();
        // The store counted it like any other transaction; the refusal is counted here.
        if (tx.terminalId === resetTerminalId && !options.mayResetAlertCounter) metrics.alertCounterResetsRefused.inc();
        const why = explained?.get(tx);
        return why ? { ...answer, explained: why } : answer;
      });
    },
  };
}
