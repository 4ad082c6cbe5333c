/**
 * What the baselines answer: the predictor's response shapes with no validation, features,
 * scoring or metrics behind them, so a ratio against them prices exactly that work.
 */

export function predictionFor(body: unknown): Record<string, unknown> {
  const id = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).transaction_id : undefined;
  return { transaction_id: id ?? null, fraud_probability: 0, is_fraud: false, threshold: 0.5, model_version: 'baseline' };
}

/** The legacy route's answer; reading the query makes the baseline parse it, as the predictor must. */
export function legacyPredictionFor(query: Record<string, unknown>): { pred: 0 | 1 } {
  return { pred: Number(query.tx_amount) > 220 ? 1 : 0 };
}
export const READY = { status: 'ready' } as const;
