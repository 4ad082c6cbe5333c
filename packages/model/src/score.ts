/**
 * Small evaluators for the fitted models, in the artifact's compact form: flat arrays that score
 * a feature vector without allocating.
 */

/** One decision tree as parallel arrays; node 0 is the root. A leaf has feature -1 and its fraud probability in `value`. */
export interface TreeArrays {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

/** A forest scores the mean of its trees' leaf probabilities; a node sends x[feature] < threshold left. */
export interface ForestParameters {
  readonly kind: 'forest';
  readonly trees: readonly TreeArrays[];
}

/** Gradient boosting: the fraud probability is sigmoid(baseMargin + the sum of the trees' leaf values). */
export interface BoostingParameters {
  readonly kind: 'boosting';
  readonly baseMargin: number;
  readonly trees: readonly TreeArrays[];
}

/** Logistic regression on standardised features. */
export interface LogisticParameters {
  readonly kind: 'logistic';
  readonly weights: readonly number[];
  readonly intercept: number;
}

export type ModelParameters = ForestParameters | BoostingParameters | LogisticParameters;

/** Standardisation applied before scoring: (x - mean) / scale. */
export interface Scaling {
  readonly mean: readonly number[];
  readonly scale: readonly number[];
}

export type Scorer = (features: Float64Array) => number;

export const LEAF = -1;

/** Compiles trees into one sum-of-leaves function over shared typed arrays (no per-tree objects). */
function treeSum(trees: readonly TreeArrays[]): Scorer {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const roots = new Int32Array(trees.length);
  let offset = 0;
  trees.forEach((t, i) => {
    roots[i] = offset;
    for (let n = 0; n < t.feature.length; n++) {
      const leaf = t.feature[n] === LEAF;
      feature[offset + n] = t.feature[n]!;
      threshold[offset + n] = leaf ? t.value[n]! : t.threshold[n]!;
      left[offset + n] = offset + t.left[n]!;
      right[offset + n] = offset + t.right[n]!;
    }
    offset += t.feature.length;
  });
  const count = roots.length;
  return (x) => {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      let n = roots[i]!;
      let f = feature[n]!;
      while (f !== LEAF) {
        n = x[f]! < threshold[n]! ? left[n]! : right[n]!;
        f = feature[n]!;
      }
      sum += threshold[n]!;
    }
    return sum;
  };
}

function forestScorer(p: ForestParameters): Scorer {
  const sum = treeSum(p.trees);
  const count = p.trees.length;
  return (x) => sum(x) / count;
}

function boostingScorer(p: BoostingParameters): Scorer {
  const sum = treeSum(p.trees);
  return (x) => 1 / (1 + Math.exp(-(p.baseMargin + sum(x))));
}

function logisticScorer(p: LogisticParameters, s: Scaling): Scorer {
  const weights = Float64Array.from(p.weights);
  const mean = Float64Array.from(s.mean);
  const scale = Float64Array.from(s.scale);
  return (x) => {
    let z = p.intercept;
    for (let i = 0; i < weights.length; i++) z += (weights[i]! * (x[i]! - mean[i]!)) / scale[i]!;
    return 1 / (1 + Math.exp(-z));
  };
}

export function createScorer(parameters: ModelParameters, scaling: Scaling): Scorer {
  switch (parameters.kind) {
    case 'forest':
      return forestScorer(parameters);
    case 'boosting':
      return boostingScorer(parameters);
    case 'logistic':
      return logisticScorer(parameters, scaling);
  }
}
