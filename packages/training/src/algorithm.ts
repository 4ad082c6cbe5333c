/** The choice of learner: one name per algorithm, each fitted on the rows of a period. */
import { fitBoosting, type BoostingOptions } from './learners/boosting.js';
import { fitForest, type ForestOptions } from './learners/forest.js';
import { fitLogistic, type LogisticOptions } from './learners/logistic.js';
import type { FittedModel, TrainingSet } from './learners/training-set.js';
import type { Row } from './replay.js';

export const ALGORITHMS = ['gradient-boosting', 'random-forest', 'logistic-regression'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface FitOptions {
  readonly algorithm: Algorithm;
  readonly boosting: Partial<BoostingOptions>;
  readonly forest: Partial<ForestOptions>;
  readonly logistic: Partial<LogisticOptions>;
}

function fitWith(data: TrainingSet, o: FitOptions): FittedModel {
  switch (o.algorithm) {
    case 'gradient-boosting':
      return fitBoosting(data, o.boosting);
    case 'random-forest':
      return fitForest(data, o.forest);
    case 'logistic-regression':
      return fitLogistic(data, o.logistic);
  }
}

/** Fits the chosen algorithm; keeps only what the artifact carries (not the library's own objects). */
export function fit(rows: readonly Row[], o: FitOptions): FittedModel {
  const { parameters, scaling } = fitWith({ rows: rows.map((r) => r.features), labels: rows.map((r) => r.isFraud) }, o);
  return { parameters, scaling };
}
