/**
 * Delayed fraud labels, handed to the feature store (they feed the terminal-risk features), which
 * applies each once and lets a different label for the same transaction replace the earlier one.
 * A label applied for the first time is counted against the decision the store recorded for its
 * transaction (live precision and recall); a repeat or a correction is not counted again.
 */
import type { OnlineStore } from '@fraudwatch/feature-store';
import { UNKNOWN_DECISION } from '@fraudwatch/metrics';
import type { FraudLabel } from '@fraudwatch/model';
import type { Metrics } from './metrics.js';

export interface FeedbackDeps {
  readonly modelVersion: string;
  readonly store: Pick<OnlineStore, 'applyLabels'>;
  readonly metrics: Pick<Metrics, 'feedback'>;
}

export interface FeedbackRecorder {
  /** Rejects with FeatureStoreUnavailableError. */
  record(labels: readonly FraudLabel[]): Promise<void>;
}

export function createFeedbackRecorder({ modelVersion, store, metrics }: FeedbackDeps): FeedbackRecorder {
  return {
    async record(labels) {
      const results = await store.applyLabels(labels);
      results.forEach(({ outcome, decision }, i) => {
        if (outcome !== 'applied') return;
        metrics.feedback.inc({ model_version: modelVersion, decision: decision ?? UNKNOWN_DECISION, label: labels[i]!.isFraud ? 'fraud' : 'legit' });
      });
    },
  };
}
