/**
 * Gradient-boosted decision trees on logistic loss, with histogram split search over quantile
 * bins (the method of LightGBM and XGBoost's `hist`), written here because the npm tree
 * learners do not scale: ml-cart evaluates every candidate split by copying the node's rows
 * (timings in docs/benchmarks.md).
 */
import { LEAF, type BoostingParameters, type Tree } from '@fraudwatch/model';
import { createRandom } from '@fraudwatch/simulator';
import { IDENTITY_SCALING, type FittedModel, type TrainingSet } from './training-set.js';

export interface BoostingOptions {
  readonly rounds: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  /** Smallest sum of hessians (≈ p(1-p) per row) a child may have. */
  readonly minChildWeight: number;
  /** L2 penalty on leaf values. */
  readonly lambda: number;
  /** Most bins per feature (≤ 256): split candidates are the bins' lower edges. */
  readonly bins: number;
  /** Share of rows each tree is fitted on (stochastic gradient boosting). */
  readonly rowSubsample: number;
  readonly seed: number;
}

export const DEFAULT_BOOSTING: BoostingOptions = {
  rounds: 100,
  learningRate: 0.05,
  maxDepth: 4,
  minChildWeight: 1,
  lambda: 1,
  bins: 128,
  rowSubsample: 0.8,
  seed: 42,
};

function quantiles(sorted: Float64Array, count: number): number[] {
  return Array.from({ length: count - 1 }, (_, b) => sorted[Math.floor(((b + 1) * sorted.length) / count)]!);
}

/** Index of the first value of ascending `sorted` that is >= x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cut points per feature, distinct and ascending: half from quantiles of all values, half from
 * quantiles of the fraud rows' values. Frauds are rare, so plain quantiles would put them all in
 * one tail bin (no cut near the amount-above-220 step); their own quantiles put cuts where they
 * differ. Each cut sits halfway between a quantile value and the next smaller value seen, so a
 * step falls between the training values, not on one. A value's bin is the number of cut points
 * at or below it, so "bin < k" is exactly "x < cuts[k - 1]".
 */
function cutPoints(column: Float64Array, fraud: Float64Array, bins: number): Float64Array {
  const sorted = Float64Array.from(column).sort();
  const half = Math.floor(bins / 2);
  const candidates = [...quantiles(sorted, half), ...quantiles(Float64Array.from(fraud).sort(), bins - half)];
  const cuts = new Set<number>();
  for (const v of candidates) {
    const i = lowerBound(sorted, v);
    // A cut at or below the minimum would leave its left side empty.
    if (i > 0) cuts.add((sorted[i - 1]! + v) / 2);
  }
  return Float64Array.from(cuts).sort();
}

function binOf(cuts: Float64Array, x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Binned {
  readonly cuts: readonly Float64Array[];
  /** Row-major bin indices. */
  readonly bins: Uint8Array;
  readonly features: number;
}

function binRows({ rows, labels }: TrainingSet, bins: number): Binned {
  const features = rows[0]?.length ?? 0;
  const frauds = rows.filter((_, i) => labels[i]);
  const cuts = Array.from({ length: features }, (_, f) =>
    cutPoints(Float64Array.from(rows, (r) => r[f]!), Float64Array.from(frauds, (r) => r[f]!), bins),
  );
  const binned = new Uint8Array(rows.length * features);
  rows.forEach((r, i) => {
    for (let f = 0; f < features; f++) binned[i * features + f] = binOf(cuts[f]!, r[f]!);
  });
  return { cuts, bins: binned, features };
}

interface Split {
  readonly feature: number;
  /** Rows with bin < this go left. */
  readonly bin: number;
  readonly gain: number;
}

class TreeBuilder {
  readonly tree = {
    feature: [] as number[],
    threshold: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
    /** Sum of the hessians reaching each node: the weights TreeSHAP integrates features out by. */
    cover: [] as number[],
  };
  /** Per node, the bin its split sends left below (training walks bins, not raw values). */
  readonly splitBin: number[] = [];
  private readonly histG: Float64Array;
  private readonly histH: Float64Array;

  constructor(
    private readonly data: Binned,
    private readonly grad: Float64Array,
    private readonly hess: Float64Array,
    private readonly o: BoostingOptions,
  ) {
    const width = Math.max(...data.cuts.map((c) => c.length + 1));
    this.histG = new Float64Array(width);
    this.histH = new Float64Array(width);
  }

  /** Grows the node for `rows` pre-order (children after parents) and returns its index. */
  grow(rows: Uint32Array, depth: number): number {
    const i = this.tree.feature.length;
    this.tree.feature.push(LEAF);
    this.tree.threshold.push(0);
    this.tree.left.push(LEAF);
    this.tree.right.push(LEAF);
    this.splitBin.push(0);
    let g = 0;
    let h = 0;
    for (const r of rows) {
      g += this.grad[r]!;
      h += this.hess[r]!;
    }
    this.tree.value.push((-g / (h + this.o.lambda)) * this.o.learningRate);
    this.tree.cover.push(h);
    const split = depth < this.o.maxDepth ? this.bestSplit(rows, g, h) : undefined;
    if (!split) return i;
    const { feature, bin } = split;
    const stride = this.data.features;
    const left = rows.filter((r) => this.data.bins[r * stride + feature]! < bin);
    const right = rows.filter((r) => this.data.bins[r * stride + feature]! >= bin);
    this.tree.feature[i] = feature;
    this.tree.threshold[i] = this.data.cuts[feature]![bin - 1]!;
    this.tree.value[i] = 0;
    this.splitBin[i] = bin;
    this.tree.left[i] = this.grow(left, depth + 1);
    this.tree.right[i] = this.grow(right, depth + 1);
    return i;
  }

  private bestSplit(rows: Uint32Array, g: number, h: number): Split | undefined {
    const { lambda, minChildWeight } = this.o;
    const stride = this.data.features;
    const parent = (g * g) / (h + lambda);
    let best: Split | undefined;
    for (let f = 0; f < stride; f++) {
      const width = this.data.cuts[f]!.length + 1;
      if (width < 2) continue;
      this.histG.fill(0, 0, width);
      this.histH.fill(0, 0, width);
      for (const r of rows) {
        const b = this.data.bins[r * stride + f]!;
        this.histG[b]! += this.grad[r]!;
        this.histH[b]! += this.hess[r]!;
      }
      let gl = 0;
      let hl = 0;
      for (let k = 1; k < width; k++) {
        gl += this.histG[k - 1]!;
        hl += this.histH[k - 1]!;
        const hr = h - hl;
        if (hl < minChildWeight || hr < minChildWeight) continue;
        const gr = g - gl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > 0 && (!best || gain > best.gain)) best = { feature: f, bin: k, gain };
      }
    }
    return best;
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Adds a new tree's leaf values to `margin` for every row, walking the binned rows. */
function addTree({ tree, splitBin }: TreeBuilder, data: Binned, margin: Float64Array): void {
  const stride = data.features;
  for (let r = 0; r < margin.length; r++) {
    let n = 0;
    while (tree.feature[n] !== LEAF) {
      n = data.bins[r * stride + tree.feature[n]!]! < splitBin[n]! ? tree.left[n]! : tree.right[n]!;
    }
    margin[r]! += tree.value[n]!;
  }
}

export interface FittedBoosting extends FittedModel<BoostingParameters> {
  /** The model's margin (log-odds) for each training row, as computed during fitting. */
  readonly trainingMargins: Float64Array;
}

export function fitBoosting(data: TrainingSet, options: Partial<BoostingOptions> = {}): FittedBoosting {
  const o = { ...DEFAULT_BOOSTING, ...options };
  if (!(o.bins >= 2 && o.bins <= 256)) throw new RangeError(`bins must be in [2, 256], got ${o.bins}`);
  const n = data.rows.length;
  const y = Float64Array.from(data.labels, (l) => (l ? 1 : 0));
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === n) throw new RangeError('training needs both fraud and legit rows');
  const binned = binRows(data, o.bins);
  const baseMargin = Math.log(positives / (n - positives));
  const margin = new Float64Array(n).fill(baseMargin);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const rng = createRandom(o.seed);
  const trees: Tree[] = [];
  for (let round = 0; round < o.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(margin[i]!);
      grad[i] = p - y[i]!;
      hess[i] = p * (1 - p);
    }
    const sample: number[] = [];
    for (let i = 0; i < n; i++) if (o.rowSubsample >= 1 || rng.next() < o.rowSubsample) sample.push(i);
    const builder = new TreeBuilder(binned, grad, hess, o);
    builder.grow(Uint32Array.from(sample), 0);
    trees.push(builder.tree);
    addTree(builder, binned, margin);
  }
  return { parameters: { kind: 'boosting', baseMargin, trees }, scaling: IDENTITY_SCALING, trainingMargins: margin };
}
