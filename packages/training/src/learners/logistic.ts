/**
 * Fits a logistic regression with ml-logistic-regression on standardised features and keeps
 * its coefficients and the scaling for the artifact.
 */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { LogisticParameters, Scaling } from '@fraudwatch/model';
import type { FittedModel, TrainingSet } from './training-set.js';

export interface LogisticOptions {
  /** Full-batch gradient steps. */
  readonly steps: number;
  /** Step size per row: the library's gradient is a sum over rows, so it is divided by their number. */
  readonly learningRate: number;
}

export const DEFAULT_LOGISTIC: LogisticOptions = { steps: 400, learningRate: 1 };

export function standardScaling(rows: readonly Float64Array[]): Scaling {
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, f) => rows.reduce((s, r) => s + r[f]!, 0) / rows.length);
  const scale = mean.map((m, f) => {
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[f]! - m) ** 2, 0) / rows.length);
    // A constant feature (e.g. no weekend in the week) carries nothing; avoid dividing by 0.
    return sd > 0 ? sd : 1;
  });
  return { mean, scale };
}

/** The design matrix: standardised features and a last column of ones for the intercept. */
export function designMatrix(rows: readonly Float64Array[], s: Scaling): Matrix {
  return new Matrix(rows.map((r) => [...Array.from(r, (x, f) => (x - s.mean[f]!) / s.scale[f]!), 1]));
}

export interface FittedLogistic extends FittedModel<LogisticParameters> {
  readonly library: LogisticRegression;
}

export function fitLogistic(data: TrainingSet, options: Partial<LogisticOptions> = {}): FittedLogistic {
  const o = { ...DEFAULT_LOGISTIC, ...options };
  const scaling = standardScaling(data.rows);
  const library = new LogisticRegression({ numSteps: o.steps, learningRate: o.learningRate / data.rows.length });
  library.train(designMatrix(data.rows, scaling), Matrix.columnVector(data.labels.map((l) => (l ? 1 : 0))));
  // One-vs-all: the classifier for class 0 learns "not class 0", i.e. fraud.
  const weights = library.classifiers[0]!.weights.to1DArray();
  return {
    library,
    parameters: { kind: 'logistic', weights: weights.slice(0, -1), intercept: weights[weights.length - 1]! },
    scaling,
  };
}
