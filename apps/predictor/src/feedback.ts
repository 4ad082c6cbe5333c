/**
 * Delayed fraud labels: counted against the decision made earlier (live precision and recall)
 * and handed to the feature store, where they feed the terminal-risk features.
 */
import { UNKNOWN_DECISION } from '@fraudwatch/metrics';
import type { FeatureStore, FraudLabel } from '@fraudwatch/model';
import type { DecisionLog } from './decision-log.js';
import type { Metrics } from './metrics.js';

export interface FeedbackDeps {
  readonly modelVersion: string;
  readonly store: FeatureStore;
  readonly metrics: Pick<Metrics, 'feedback'>;
  readonly decisions: DecisionLog;
}

export interface FeedbackRecorder {
  record(label: FraudLabel): void;
}

export function createFeedbackRecorder({ modelVersion, store, metrics, decisions }: FeedbackDeps): FeedbackRecorder {
  return {
    record(label) {
      metrics.feedback.inc({
        model_version: modelVersion,
        decision: decisions.recall(label.transactionId) ?? UNKNOWN_DECISION,
        label: label.isFraud ? 'fraud' : 'legit',
      });
      store.addLabel(label);
    },
  };
}
