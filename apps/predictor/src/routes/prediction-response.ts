/** The wire form of a prediction, shared by the single and the batch route. */
import { FEATURE_NAMES } from '@fraudwatch/model';
import type { Explained, Prediction } from '../scoring.js';

/** How many reason codes an explained prediction names. */
export const REASON_COUNT = 3;

/**
 * `features` and `contributions` by feature name (contributions in log-odds, plus `bias`; they sum
 * to the margin), and `reasons`: the features with the largest contributions toward fraud, largest
 * first. Only positive contributions are reasons (a reason says why a score is high), so a
 * transaction that nothing pushes toward fraud has fewer than REASON_COUNT, possibly none.
 */
function explanationFields({ features, explanation }: Explained) {
  const { contributions, bias } = explanation;
  const order = FEATURE_NAMES.map((_, i) => i).sort((a, b) => contributions[b]! - contributions[a]!);
  return {
    features: Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, features[i]!])),
    contributions: { ...Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, contributions[i]!])), bias },
    reasons: order
      .slice(0, REASON_COUNT)
      .filter((i) => contributions[i]! > 0)
      .map((i) => FEATURE_NAMES[i]!),
  };
}

export function predictionResponse(p: Prediction) {
  const response = {
    transaction_id: p.transactionId,
    fraud_probability: p.probability,
    is_fraud: p.decision === 'fraud',
    threshold: p.threshold,
    model_version: p.modelVersion,
  };
  return p.explained ? { ...response, ...explanationFields(p.explained) } : response;
}
