import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, loadModel, parseModelArtifact } from '../src/artifact.js';
import { FEATURE_NAMES } from '../src/features.js';
import { compileModel, LEAF, type BoostingParameters, type Scaling, type Tree } from '../src/score.js';
import { syntheticFeatures, uniforms } from './synthetic-features.js';

const WIDTH = FEATURE_NAMES.length;
const IDENTITY: Scaling = { mean: new Array<number>(WIDTH).fill(0), scale: new Array<number>(WIDTH).fill(1) };

/**
 * The path-dependent value of a feature subset, straight from its definition (the paper's
 * Algorithm 1): a split on a known feature follows x (NaN its default side), any other split
 * averages both children weighted by their share of the node's cover.
 */
function subsetValue(tree: Tree, x: Float64Array, known: ReadonlySet<number>, n = 0): number {
  const f = tree.feature[n]!;
  if (f === LEAF) return tree.value[n]!;
  const l = tree.left[n]!;
  const r = tree.right[n]!;
  if (known.has(f)) {
    const v = x[f]!;
    const left = Number.isNaN(v) ? tree.defaultLeft?.[n] === true : v < tree.threshold[n]!;
    return subsetValue(tree, x, known, left ? l : r);
  }
  const c = tree.cover!;
  return (c[l]! * subsetValue(tree, x, known, l) + c[r]! * subsetValue(tree, x, known, r)) / c[n]!;
}

/** Exact Shapley values by enumerating every subset of the features the trees split on. */
function bruteForceShapley(trees: readonly Tree[], x: Float64Array): { contributions: Float64Array; bias: number } {
  const used = [...new Set(trees.flatMap((t) => t.feature.filter((f) => f !== LEAF)))];
  const m = used.length;
  const value = (mask: number): number => {
    const known = new Set(used.filter((_, i) => mask & (1 << i)));
    return trees.reduce((s, t) => s + subsetValue(t, x, known), 0);
  };
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const contributions = new Float64Array(WIDTH);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let b = mask; b; b >>= 1) size += b & 1;
      const weight = (factorial(size) * factorial(m - size - 1)) / factorial(m);
      contributions[used[i]!]! += weight * (value(mask | (1 << i)) - value(mask));
    }
  }
  return { contributions, bias: value(0) };
}

/**
 * A random tree of the given depth over a few features, so features repeat along paths (the case
 * where TreeSHAP unwinds its path); covers add up from the leaves like sums of hessians.
 */
function randomTree(u: () => number, depth: number, features: readonly number[]): Tree {
  interface Node {
    feature: number;
    threshold: number;
    left: number;
    right: number;
    value: number;
    cover: number;
    defaultLeft: boolean;
  }
  const nodes: Node[] = [];
  const grow = (d: number): Node => {
    const node: Node = { feature: LEAF, threshold: 0, left: LEAF, right: LEAF, value: 0, cover: 0, defaultLeft: u() < 0.5 };
    nodes.push(node);
    if (d === depth || (d > 1 && u() < 0.2)) return Object.assign(node, { value: 2 * u() - 1, cover: 0.5 + 20 * u() });
    node.feature = features[Math.floor(u() * features.length)]!;
    node.threshold = u();
    node.left = nodes.length;
    const left = grow(d + 1);
    node.right = nodes.length;
    node.cover = left.cover + grow(d + 1).cover;
    return node;
  };
  grow(0);
  const column = <K extends keyof Node>(key: K): Node[K][] => nodes.map((n) => n[key]);
  return {
    feature: column('feature'),
    threshold: column('threshold'),
    left: column('left'),
    right: column('right'),
    value: column('value'),
    cover: column('cover'),
    defaultLeft: column('defaultLeft'),
  };
}

function sum(a: Float64Array): number {
  return a.reduce((s, v) => s + v, 0);
}

function expectClose(actual: Float64Array, expected: Float64Array, digits: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v, FEATURE_NAMES[i]).toBeCloseTo(expected[i]!, digits));
}

const logit = (p: number): number => Math.log(p / (1 - p));

describe('TreeSHAP against a brute-force Shapley computation', () => {
  it('matches on random deep trees with repeated features and missing values', () => {
    const u = uniforms(7);
    for (let round = 0; round < 8; round++) {
      const trees = [randomTree(u, 6, [0, 3, 7, 10]), randomTree(u, 4, [3, 7, 12])];
      const parameters: BoostingParameters = { kind: 'boosting', baseMargin: -3 * u(), trees };
      const { explain } = compileModel(parameters, IDENTITY);
      // Thresholds are uniforms in [0, 1): rows of uniforms, some missing, cross them both ways.
      const rows = Array.from({ length: 10 }, () => Float64Array.from({ length: WIDTH }, () => (u() < 0.2 ? Number.NaN : u())));
      for (const x of rows) {
        const exact = bruteForceShapley(trees, x);
        const shap = explain!(x);
        expectClose(shap.contributions, exact.contributions, 10);
        expect(shap.bias).toBeCloseTo(parameters.baseMargin + exact.bias, 10);
      }
    }
  });

  it('matches on the first trees of the committed model', () => {
    const artifact = parseModelArtifact(JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')));
    const committed = artifact.parameters as BoostingParameters;
    const trees = committed.trees.slice(0, 3);
    const { explain } = compileModel({ ...committed, trees }, artifact.scaling);
    for (const x of syntheticFeatures(3, 40)) expectClose(explain!(x).contributions, bruteForceShapley(trees, x).contributions, 10);
  });
});

describe('explanations of the built-in models', () => {
  it('the committed boosted model: bias + contributions = the margin of its probability', () => {
    const model = loadModel();
    expect(model.explain).toBeDefined();
    for (const x of syntheticFeatures(11, 500)) {
      const { contributions, bias } = model.explain!(x);
      expect(contributions.length).toBe(WIDTH);
      expect(bias + sum(contributions)).toBeCloseTo(logit(model.predict(x)), 9);
    }
  });

  it('the bias is the base margin plus the trees\' expected values, whatever the features', () => {
    const model = loadModel();
    const biases = new Set(syntheticFeatures(2, 100).map((x) => model.explain!(x).bias));
    expect(biases.size).toBe(1);
  });

  it('logistic regression: w·(x - mean)/scale per feature and the intercept sum to its margin', () => {
    const weights = FEATURE_NAMES.map((_, i) => (i % 3) - 1 + i / 10);
    const scaling: Scaling = { mean: FEATURE_NAMES.map((_, i) => i), scale: FEATURE_NAMES.map((_, i) => 1 + i / 2) };
    const { predict, explain } = compileModel({ kind: 'logistic', weights, intercept: -2 }, scaling);
    const x = Float64Array.from(FEATURE_NAMES, (_, i) => i * 1.5);
    const { contributions, bias } = explain!(x);
    expect(bias).toBe(-2);
    expect(contributions[4]).toBeCloseTo((weights[4]! * (6 - 4)) / 3, 12);
    expect(bias + sum(contributions)).toBeCloseTo(logit(predict(x)), 10);
  });

  it('a random forest, or boosted trees saved without covers, cannot explain', () => {
    const tree = { feature: [0, LEAF, LEAF], threshold: [1, 0, 0], left: [1, LEAF, LEAF], right: [2, LEAF, LEAF], value: [0, 0.1, 0.9] };
    expect(compileModel({ kind: 'forest', trees: [tree] }, IDENTITY).explain).toBeUndefined();
    expect(compileModel({ kind: 'boosting', baseMargin: 0, trees: [tree] }, IDENTITY).explain).toBeUndefined();
  });
});
