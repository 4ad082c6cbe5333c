/**
 * The reference an artifact carries for drift monitoring: the model's scores on its test week as a
 * histogram (bucketed by the serving side's `scoreBucket`) and quantiles of key features.
 */
import { FEATURE_NAMES, scoreBucket, type ModelArtifact } from '@fraudwatch/model';
import type { Row } from './replay.js';

const SCORE_EDGES = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const REFERENCE_FEATURES = ['tx_amount', 'customer_nb_tx_1day', 'customer_avg_amount_30day', 'terminal_nb_tx_30day', 'terminal_risk_30day'];

function quantiles(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).sort();
  return QUANTILES.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

export function buildReference(rows: readonly Row[], scores: Float64Array): ModelArtifact['reference'] {
  const counts = new Array<number>(SCORE_EDGES.length - 1).fill(0);
  for (const s of scores) {
    counts[scoreBucket(SCORE_EDGES, s)]! += 1;
  }
  const featureQuantiles = Object.fromEntries(
    REFERENCE_FEATURES.map((name) => {
      const column = FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);
      return [name, { probabilities: QUANTILES, values: quantiles(Float64Array.from(rows, (r) => r.features[column]!)) }];
    }),
  );
  return { scoreHistogram: { edges: SCORE_EDGES, counts }, featureQuantiles };
}
