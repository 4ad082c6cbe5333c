/**
 * Delayed fraud labels: the true labels of the simulated transactions (the ones `baseline` with
 * the same seed scored), posted in batches, so terminal risk and live precision/recall get data.
 */
import { toFraudLabelInput } from '@fraudwatch/model';
import type { Scenario } from './scenario.js';
import type { TransactionStream } from './stream.js';

/** Labels per request: feedback arrives in batches, as a case-management system would send it. */
export const LABELS_PER_REQUEST = 100;

export function feedbackScenario(stream: TransactionStream): Scenario {
  return {
    name: 'feedback',
    next() {
      const labels = Array.from({ length: LABELS_PER_REQUEST }, () => toFraudLabelInput(stream.next()));
      return { method: 'POST', path: '/v1/feedback', body: JSON.stringify({ labels }) };
    },
    decisionOf: () => undefined,
  };
}
