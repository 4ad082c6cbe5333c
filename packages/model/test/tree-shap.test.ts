import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, loadModel, parseModelArtifact } from '../src/artifact.js';
import { createFeatureStore, FEATURE_NAMES } from '../src/features.js';
import { createRandom, type Random } from '../src/random.js';
import { compileModel, LEAF, type BoostingParameters, type Scaling, type Tree } from '../src/score.js';
import { simulate } from '../src/simulator.js';

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
function randomTree(rng: Random, depth: number, features: readonly number[]): Tree {
  const t = { feature: [] as number[], threshold: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[], cover: [] as number[], defaultLeft: [] as boolean[] };
  const grow = (d: number): number => {
    const i = t.feature.length;
    t.feature.push(LEAF);
    t.threshold.push(0);
    t.left.push(LEAF);
    t.right.push(LEAF);
    t.value.push(0);
    t.cover.push(0);
    t.defaultLeft.push(rng.next() < 0.5);
    if (d === depth || (d > 1 && rng.next() < 0.2)) {
      t.value[i] = rng.uniform(-1, 1);
      t.cover[i] = rng.uniform(0.5, 20);
      return i;
    }
    t.feature[i] = features[rng.int(features.length)]!;
    t.threshold[i] = rng.uniform(0, 1);
    t.left[i] = grow(d + 1);
    t.right[i] = grow(d + 1);
    t.cover[i] = t.cover[t.left[i]!]! + t.cover[t.right[i]!]!;
    return i;
  };
  grow(0);
  return t;
}

function randomRow(rng: Random, missingShare: number): Float64Array {
  return Float64Array.from({ length: WIDTH }, () => (rng.next() < missingShare ? Number.NaN : rng.next()));
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
    const rng = createRandom(7);
    for (let round = 0; round < 8; round++) {
      const trees = [randomTree(rng, 6, [0, 3, 7, 10]), randomTree(rng, 4, [3, 7, 12])];
      const parameters: BoostingParameters = { kind: 'boosting', baseMargin: rng.uniform(-3, 0), trees };
      const { explain } = compileModel(parameters, IDENTITY);
      for (let r = 0; r < 10; r++) {
        const x = randomRow(rng, 0.2);
        const exact = bruteForceShapley(trees, x);
        const shap = explain!(x);
        expectClose(shap.contributions, exact.contributions, 10);
        expect(shap.bias).toBeCloseTo(parameters.baseMargin + exact.bias, 10);
      }
    }
  });

  it('matches on the first trees of the committed model, on simulated transactions', () => {
    const artifact = parseModelArtifact(JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')));
    const committed = artifact.parameters as BoostingParameters;
    const trees = committed.trees.slice(0, 3);
    const { explain } = compileModel({ ...committed, trees }, artifact.scaling);
    const store = createFeatureStore();
    let checked = 0;
    for (const tx of simulate({ customers: 100, terminals: 200, days: 40, seed: 3 })) {
      const x = store.features(tx);
      store.record(tx);
      if (tx.transactionId % 97 !== 0) continue;
      const exact = bruteForceShapley(trees, x);
      expectClose(explain!(x).contributions, exact.contributions, 10);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('explanations of the built-in models', () => {
  it('the committed boosted model: bias + contributions = the margin of its probability', () => {
    const model = loadModel();
    expect(model.explain).toBeDefined();
    const store = createFeatureStore();
    let n = 0;
    for (const tx of simulate({ customers: 200, terminals: 400, days: 35, seed: 11 })) {
      const x = store.features(tx);
      store.record(tx);
      if (tx.transactionId % 13 !== 0) continue;
      const { contributions, bias } = model.explain!(x);
      expect(contributions.length).toBe(WIDTH);
      expect(bias + sum(contributions)).toBeCloseTo(logit(model.predict(x)), 9);
      n++;
    }
    expect(n).toBeGreaterThan(100);
  });

  it('the bias is the base margin plus the trees\' expected values, whatever the features', () => {
    const model = loadModel();
    const store = createFeatureStore();
    const txs = [...simulate({ customers: 50, terminals: 100, days: 3, seed: 2 })];
    const biases = new Set(txs.map((tx) => model.explain!(store.features(tx)).bias));
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
