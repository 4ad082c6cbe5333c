/** The wire form of a prediction, shared by the single and the batch route. */
import type { Prediction } from '../scoring.js';

export function predictionResponse(p: Prediction) {
  return {
    transaction_id: p.transactionId,
    fraud_probability: p.probability,
    is_fraud: p.decision === 'fraud',
    threshold: p.threshold,
    model_version: p.modelVersion,
  };
}
