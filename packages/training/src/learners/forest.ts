/**
 * Fits a random forest with ml-random-forest and converts it into the artifact's flat tree arrays.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import { LEAF, type ForestParameters, type TreeArrays } from '@fraudwatch/model';
import { createRandom } from '@fraudwatch/simulator';
import { IDENTITY_SCALING, type FittedModel, type TrainingSet } from './training-set.js';

export interface ForestOptions {
  readonly trees: number;
  readonly maxDepth: number;
  /** Nodes with at most this many samples become leaves. */
  readonly minNodeSamples: number;
  /** Share of the features each tree sees. */
  readonly featureShare: number;
  /**
   * Legit rows kept per fraud row. The library's split search is quadratic in a node's rows, so
   * the majority class is undersampled; leaf probabilities are corrected back to the true prior.
   */
  readonly legitPerFraud: number;
  readonly seed: number;
}

export const DEFAULT_FOREST: ForestOptions = {
  trees: 50,
  maxDepth: 8,
  minNodeSamples: 5,
  featureShare: 0.7,
  legitPerFraud: 8,
  seed: 42,
};

/** The JSON form of an ml-cart node. */
interface CartNode {
  readonly splitColumn?: number;
  readonly splitValue?: number;
  readonly left?: CartNode;
  readonly right?: CartNode;
  readonly distribution?: number[][];
}

/** Flattens a tree (pre-order, so children follow parents); `columns` maps the tree's columns to feature indices. */
export function flattenTree(root: CartNode, columns: readonly number[], leafValue: (p: number) => number): TreeArrays {
  const t = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
  const visit = (node: CartNode): number => {
    const i = t.feature.length;
    t.feature.push(LEAF);
    t.threshold.push(0);
    t.left.push(LEAF);
    t.right.push(LEAF);
    t.value.push(0);
    if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
      t.feature[i] = columns[node.splitColumn]!;
      t.threshold[i] = node.splitValue;
      t.left[i] = visit(node.left);
      t.right[i] = visit(node.right);
    } else {
      // A leaf whose rows were all legit has a one-column distribution; sums of 1/n can pass 1.
      t.value[i] = leafValue(Math.min(1, node.distribution?.[0]?.[1] ?? 0));
    }
    return i;
  };
  visit(root);
  return t;
}

/** The fitted library object as well as its flat form, so tests can compare the two. */
export interface FittedForest extends FittedModel<ForestParameters> {
  readonly library: RandomForestClassifier;
  readonly legitKeptShare: number;
}

export function fitForest(data: TrainingSet, options: Partial<ForestOptions> = {}): FittedForest {
  const o = { ...DEFAULT_FOREST, ...options };
  const rng = createRandom(o.seed);
  const frauds = data.labels.filter(Boolean).length;
  const legits = data.labels.length - frauds;
  const legitKeptShare = Math.min(1, (frauds * o.legitPerFraud) / Math.max(1, legits));
  const X: number[][] = [];
  const y: number[] = [];
  data.rows.forEach((row, i) => {
    const fraud = data.labels[i]!;
    if (fraud || rng.next() < legitKeptShare) {
      X.push(Array.from(row));
      y.push(fraud ? 1 : 0);
    }
  });
  const library = new RandomForestClassifier({
    nEstimators: o.trees,
    maxFeatures: o.featureShare,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    seed: o.seed,
    treeOptions: { maxDepth: o.maxDepth, minNumSamples: o.minNodeSamples },
  });
  library.train(X, y);
  // Undersampling multiplied the legit odds by legitKeptShare; undo it in every leaf.
  const prior = (p: number): number => (p === 0 ? 0 : p / (p + (1 - p) / legitKeptShare));
  const json = (JSON.parse(JSON.stringify(library)) as { baseModel: { indexes: number[][]; estimators: { root: CartNode }[] } }).baseModel;
  const trees = json.estimators.map((e, i) => flattenTree(e.root, json.indexes[i]!, prior));
  return { library, parameters: { kind: 'forest', trees }, scaling: IDENTITY_SCALING, legitKeptShare };
}
