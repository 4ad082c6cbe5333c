/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, "Consistent individualized
 * feature attribution for tree ensembles", Algorithm 2), the algorithm behind XGBoost's
 * `pred_contribs=True`: features not yet fixed are integrated out by the training cover of each
 * branch. It runs in O(leaves × depth²) per tree instead of enumerating feature subsets.
 */
import { LEAF, nextNode, type TreeEnsemble } from './tree-ensemble.js';
import type { Explanation } from './types.js';

/**
 * Per node, the tree's expected value below it: a leaf's value, or the cover-weighted mean of the
 * children (over the node's own cover, as XGBoost computes it).
 */
function nodeMeans(e: TreeEnsemble, cover: Float64Array): Float64Array {
  const mean = new Float64Array(e.feature.length);
  // Children follow their parents, so a reverse sweep sees both children before the parent.
  for (let n = mean.length - 1; n >= 0; n--) {
    if (e.feature[n] === LEAF) mean[n] = e.value[n]!;
    else {
      const l = e.left[n]!;
      const r = e.right[n]!;
      mean[n] = cover[n]! > 0 ? (mean[l]! * cover[l]! + mean[r]! * cover[r]!) / cover[n]! : 0;
    }
  }
  return mean;
}

/**
 * Returns `explain(x, base)`: the contributions of `features` features to the margin of `x`
 * (already rounded to float32 for a float32 ensemble), and the bias, `base` + the trees' expected
 * values. They sum to the margin. The ensemble must carry covers.
 */
export function createTreeShap(e: TreeEnsemble, features: number): (x: Float64Array, base: number) => Explanation {
  if (!e.cover) throw new Error('TreeSHAP needs the training cover of every node');
  const cover = e.cover;
  const mean = nodeMeans(e, cover);
  const expected = e.roots.reduce((sum, root) => sum + mean[root]!, 0);

  // The "unique path" of the paper, one segment per recursion level laid out one after another:
  // feature index, zero fraction, one fraction and permutation weight of each element.
  const size = ((e.depth + 2) * (e.depth + 3)) / 2;
  const pathFeature = new Int32Array(size);
  const pathZero = new Float64Array(size);
  const pathOne = new Float64Array(size);
  const pathWeight = new Float64Array(size);
  let phi = new Float64Array(features);
  let x: Float64Array = new Float64Array(0);

  function extend(at: number, depth: number, zero: number, one: number, feature: number): void {
    pathFeature[at + depth] = feature;
    pathZero[at + depth] = zero;
    pathOne[at + depth] = one;
    pathWeight[at + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pathWeight[at + i + 1]! += (one * pathWeight[at + i]! * (i + 1)) / (depth + 1);
      pathWeight[at + i] = (zero * pathWeight[at + i]! * (depth - i)) / (depth + 1);
    }
  }

  /** Removes element `k` from the path at `at` of length `depth` + 1. */
  function unwind(at: number, depth: number, k: number): void {
    const one = pathOne[at + k]!;
    const zero = pathZero[at + k]!;
    let next = pathWeight[at + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const w = pathWeight[at + i]!;
        pathWeight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = w - (pathWeight[at + i]! * zero * (depth - i)) / (depth + 1);
      } else {
        pathWeight[at + i] = (pathWeight[at + i]! * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = k; i < depth; i++) {
      pathFeature[at + i] = pathFeature[at + i + 1]!;
      pathZero[at + i] = pathZero[at + i + 1]!;
      pathOne[at + i] = pathOne[at + i + 1]!;
    }
  }

  /** The total permutation weight of the path at `at` if element `k` were unwound. */
  function unwoundSum(at: number, depth: number, k: number): number {
    const one = pathOne[at + k]!;
    const zero = pathZero[at + k]!;
    let next = pathWeight[at + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const w = (next * (depth + 1)) / ((i + 1) * one);
        total += w;
        next = pathWeight[at + i]! - (w * zero * (depth - i)) / (depth + 1);
      } else if (zero !== 0) {
        total += pathWeight[at + i]! / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  function recurse(n: number, depth: number, parentAt: number, zero: number, one: number, feature: number): void {
    const at = parentAt + depth + 1;
    for (let i = 0; i < depth; i++) {
      pathFeature[at + i] = pathFeature[parentAt + i]!;
      pathZero[at + i] = pathZero[parentAt + i]!;
      pathOne[at + i] = pathOne[parentAt + i]!;
      pathWeight[at + i] = pathWeight[parentAt + i]!;
    }
    extend(at, depth, zero, one, feature);
    const split = e.feature[n]!;
    if (split === LEAF) {
      for (let i = 1; i <= depth; i++) {
        phi[pathFeature[at + i]!]! += unwoundSum(at, depth, i) * (pathOne[at + i]! - pathZero[at + i]!) * e.value[n]!;
      }
      return;
    }
    const hot = nextNode(e, n, x[split]!);
    const cold = hot === e.left[n] ? e.right[n]! : e.left[n]!;
    const w = cover[n]!;
    let incomingZero = 1;
    let incomingOne = 1;
    // A feature split on again further down: undo its earlier element and redo it here.
    let k = 0;
    while (k <= depth && pathFeature[at + k] !== split) k++;
    if (k <= depth) {
      incomingZero = pathZero[at + k]!;
      incomingOne = pathOne[at + k]!;
      unwind(at, depth, k);
      depth -= 1;
    }
    recurse(hot, depth + 1, at, w > 0 ? (cover[hot]! / w) * incomingZero : 0, incomingOne, split);
    recurse(cold, depth + 1, at, w > 0 ? (cover[cold]! / w) * incomingZero : 0, 0, split);
  }

  return (input, base) => {
    x = input;
    phi = new Float64Array(phi.length);
    for (let t = 0; t < e.roots.length; t++) recurse(e.roots[t]!, 0, 0, 1, 1, -1);
    return { contributions: phi, bias: base + expected };
  };
}
