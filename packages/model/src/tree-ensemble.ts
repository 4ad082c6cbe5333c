/**
 * A sum of decision trees compiled into shared typed arrays (no per-tree or per-node objects),
 * walked by scoring and by TreeSHAP alike so that both follow exactly the same branches.
 */
/** One decision tree as parallel arrays; node 0 is the root. A leaf has feature -1 and its value in `value`. */
export interface TreeArrays {
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

export const LEAF = -1;

/**
 * A tree as training or a model file gives it, node 0 the root. `cover` is the training weight
 * (sum of hessians) that reached each node, which TreeSHAP needs; `defaultLeft` the side a
 * missing (NaN) value takes, right when absent.
 */
export interface Tree extends TreeArrays {
  readonly cover?: readonly number[];
  readonly defaultLeft?: readonly boolean[];
}

export interface TreeEnsemble {
  readonly roots: Int32Array;
  /** LEAF on leaves. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** The child a NaN goes to. */
  readonly missing: Int32Array;
  /** Leaf values (0 on splits). */
  readonly value: Float64Array;
  /** Per node; undefined when a tree came without covers. */
  readonly cover: Float64Array | undefined;
  /** Splits on the longest root-to-leaf path. */
  readonly depth: number;
  /**
   * XGBoost stores thresholds and leaves as float32 and compares float32 features: such an
   * ensemble holds rounded thresholds and leaves, and callers round the features (`toFloat32`).
   */
  readonly float32: boolean;
}

export function compileTrees(trees: readonly Tree[], float32: boolean): TreeEnsemble {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const round = float32 ? Math.fround : (v: number) => v;
  const e = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    missing: new Int32Array(total),
    value: new Float64Array(total),
    cover: trees.every((t) => t.cover) ? new Float64Array(total) : undefined,
    depth: 0,
    float32,
  };
  let offset = 0;
  trees.forEach((t, i) => {
    e.roots[i] = offset;
    const depths = new Int32Array(t.feature.length);
    for (let n = 0; n < t.feature.length; n++) {
      const at = offset + n;
      e.feature[at] = t.feature[n]!;
      if (e.cover) e.cover[at] = t.cover![n]!;
      if (t.feature[n] === LEAF) {
        e.value[at] = round(t.value[n]!);
        e.depth = Math.max(e.depth, depths[n]!);
        continue;
      }
      e.threshold[at] = round(t.threshold[n]!);
      e.left[at] = offset + t.left[n]!;
      e.right[at] = offset + t.right[n]!;
      e.missing[at] = t.defaultLeft?.[n] ? e.left[at]! : e.right[at]!;
      // Children follow their parent (checked at load), so a parent's depth is known first.
      depths[t.left[n]!] = depths[t.right[n]!] = depths[n]! + 1;
    }
    offset += t.feature.length;
  });
  return e;
}

/** The child of split `n` that value `v` goes to: `v < threshold` left, NaN the default side. */
export function nextNode(e: TreeEnsemble, n: number, v: number): number {
  return v < e.threshold[n]! ? e.left[n]! : v !== v ? e.missing[n]! : e.right[n]!;
}

export function leafOf(e: TreeEnsemble, root: number, x: Float64Array): number {
  let n = root;
  let f = e.feature[n]!;
  while (f !== LEAF) {
    n = nextNode(e, n, x[f]!);
    f = e.feature[n]!;
  }
  return n;
}

/** `x` as float32 values, into `out` (NaN stays NaN). */
export function toFloat32(x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = Math.fround(x[i]!);
  return out;
}

/**
 * The margin `base` + the leaves `x` reaches. A float32 ensemble adds in float32, starting from
 * the base as XGBoost's predictor does; otherwise the leaves are summed in float64 and the base
 * added last (the built-in trainer's order, which its stored evaluation was computed with).
 */
export function ensembleMargin(e: TreeEnsemble, base: number, x: Float64Array): number {
  const roots = e.roots;
  if (e.float32) {
    let sum = Math.fround(base);
    for (let i = 0; i < roots.length; i++) sum = Math.fround(sum + e.value[leafOf(e, roots[i]!, x)]!);
    return sum;
  }
  let sum = 0;
  for (let i = 0; i < roots.length; i++) sum += e.value[leafOf(e, roots[i]!, x)]!;
  return base + sum;
}
