/**
 * Small evaluators for the fitted models, in the artifact's compact form: flat arrays that score
 * a feature vector without allocating, and explain a score when asked.
 */
import { FEATURE_NAMES } from './features.js';
import { compileTrees, ensembleMargin, toFloat32, type Tree, type TreeArrays, type TreeEnsemble } from './tree-ensemble.js';
import { createTreeShap } from './tree-shap.js';
import type { Explanation } from './types.js';
import { parseXGBoostModel, type XGBoostModel } from './xgboost.js';

export { LEAF, type Tree, type TreeArrays } from './tree-ensemble.js';

/** A forest scores the mean of its trees' leaf probabilities; a node sends x[feature] < threshold left. */
export interface ForestParameters {
  readonly kind: 'forest';
  readonly trees: readonly TreeArrays[];
}

/**
 * Gradient boosting: the fraud probability is sigmoid(baseMargin + the sum of the trees' leaf
 * values). Trees with covers (the sum of hessians per node) can be explained.
 */
export interface BoostingParameters {
  readonly kind: 'boosting';
  readonly baseMargin: number;
  readonly trees: readonly Tree[];
}

/** Logistic regression on standardised features. */
export interface LogisticParameters {
  readonly kind: 'logistic';
  readonly weights: readonly number[];
  readonly intercept: number;
}

/** A model as XGBoost's `Booster.save_model` writes it (JSON), validated by `parseXGBoostModel`. */
export interface XGBoostParameters {
  readonly kind: 'xgboost';
  readonly booster: Readonly<Record<string, unknown>>;
}

export type ModelParameters = ForestParameters | BoostingParameters | LogisticParameters | XGBoostParameters;

/** Standardisation applied before scoring: (x - mean) / scale. */
export interface Scaling {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

export type Scorer = (features: Float64Array) => number;
export type Explainer = (features: Float64Array) => Explanation;

export interface Evaluator {
  readonly predict: Scorer;
  /** Undefined for a model that cannot say why (a forest, or trees saved without covers). */
  readonly explain: Explainer | undefined;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function forestEvaluator(p: ForestParameters): Evaluator {
  const trees = compileTrees(p.trees, false);
  const count = p.trees.length;
  return { predict: (x) => ensembleMargin(trees, 0, x) / count, explain: undefined };
}

/** A sum of trees on the log-odds scale, explained by TreeSHAP when the trees carry covers. */
function boostedEvaluator(trees: TreeEnsemble, baseMargin: number): Evaluator {
  const width = FEATURE_NAMES.length;
  const shap = trees.cover && createTreeShap(trees, width);
  if (!trees.float32) {
    return { predict: (x) => sigmoid(ensembleMargin(trees, baseMargin, x)), explain: shap && ((x) => shap(x, baseMargin)) };
  }
  // Scratch for the float32 copy of the features: predict and explain never run interleaved.
  const rounded = new Float64Array(width);
  return {
    predict: (x) => sigmoid(ensembleMargin(trees, baseMargin, toFloat32(x, rounded))),
    explain: shap && ((x) => shap(toFloat32(x, rounded), baseMargin)),
  };
}

/** Exact Shapley values of a linear model: w·(x - mean)/scale per feature, the intercept as bias. */
function logisticEvaluator(p: LogisticParameters, s: Scaling): Evaluator {
  const weights = Float64Array.from(p.weights);
  const mean = Float64Array.from(s.mean);
  const scale = Float64Array.from(s.scale);
  return {
    predict: (x) => {
      let z = p.intercept;
      for (let i = 0; i < weights.length; i++) z += (weights[i]! * (x[i]! - mean[i]!)) / scale[i]!;
      return sigmoid(z);
    },
    explain: (x) => ({
      contributions: Float64Array.from(weights, (w, i) => (w * (x[i]! - mean[i]!)) / scale[i]!),
      bias: p.intercept,
    }),
  };
}

export function xgboostEvaluator(model: XGBoostModel): Evaluator {
  return boostedEvaluator(compileTrees(model.trees, true), model.baseMargin);
}

export function compileModel(parameters: ModelParameters, scaling: Scaling): Evaluator {
  switch (parameters.kind) {
    case 'forest':
      return forestEvaluator(parameters);
    case 'boosting':
      return boostedEvaluator(compileTrees(parameters.trees, false), parameters.baseMargin);
    case 'logistic':
      return logisticEvaluator(parameters, scaling);
    case 'xgboost':
      return xgboostEvaluator(parseXGBoostModel(parameters.booster));
  }
}

export function createScorer(parameters: ModelParameters, scaling: Scaling): Scorer {
  return compileModel(parameters, scaling).predict;
}
