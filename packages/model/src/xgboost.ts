/**
 * Reads a model exactly as XGBoost's `Booster.save_model("….json")` writes it (the 1.x JSON
 * layout: learner.gradient_booster.model.trees as parallel arrays, learner_model_param.base_score,
 * the objective and feature_names) into trees FraudWatch can walk, refusing what it cannot
 * serve exactly with a message that names it.
 */
import { z } from 'zod';
import { FEATURE_NAMES } from './features.js';
import { LEAF, type Tree } from './tree-ensemble.js';
import { describeIssues } from './zod-issues.js';

/** Objectives whose model is a log-odds margin; the served probability is sigmoid(margin). */
export const XGBOOST_OBJECTIVES = ['binary:logistic', 'reg:logistic', 'binary:logitraw'] as const;
export type XGBoostObjective = (typeof XGBOOST_OBJECTIVES)[number];

export class XGBoostModelError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'XGBoostModelError';
  }
}

export interface XGBoostModel {
  readonly objective: XGBoostObjective;
  /** The margin before any tree, as XGBoost derives it from base_score (float32). */
  readonly baseMargin: number;
  /** Reachable nodes only, renumbered in pre-order (children after parents). */
  readonly trees: readonly Tree[];
  readonly featureNames: readonly string[] | undefined;
  /** The XGBoost version that wrote the file, e.g. "1.7.4". */
  readonly xgboostVersion: string | undefined;
  /** learner.attributes (best_iteration, best_score, … after early stopping). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Whether `s` is a finite number written as text, as XGBoost writes its parameters and attributes. */
export function isNumberText(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

const numberText = (what: string) => z.string().refine(isNumberText, { message: `${what} must be a number written as a string` });

/** What is read before the trees, so an unsupported model is named before any tree is checked. */
const headerSchema = z.object({
  learner: z.object({
    attributes: z.record(z.string(), z.string()).optional(),
    feature_names: z.array(z.string()).optional(),
    gradient_booster: z.object({ name: z.string() }),
    learner_model_param: z.object({
      base_score: numberText('base_score'),
      num_class: numberText('num_class'),
      num_feature: numberText('num_feature'),
      num_target: numberText('num_target').optional(),
    }),
    objective: z.object({ name: z.string() }),
  }),
  version: z.array(z.number().int()).optional(),
});

const int = z.number().int();
const finite = z.number().finite();

const treeSchema = z.object({
  tree_param: z.object({ num_nodes: numberText('num_nodes') }),
  left_children: z.array(int),
  right_children: z.array(int),
  split_indices: z.array(int),
  split_conditions: z.array(finite),
  default_left: z.array(z.union([z.boolean(), int.min(0).max(1)])),
  sum_hessian: z.array(finite.nonnegative()),
  split_type: z.array(int).optional(),
});

const gbtreeSchema = z.object({
  learner: z.object({
    gradient_booster: z.object({
      model: z.object({
        gbtree_model_param: z.object({ num_trees: numberText('num_trees') }),
        tree_info: z.array(int),
        trees: z.array(treeSchema).min(1),
      }),
    }),
  }),
});

type XGBoostTree = z.infer<typeof treeSchema>;
const NODE_ARRAYS = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left', 'sum_hessian'] as const;

/** Names the first difference between a model's feature names and the ones FraudWatch computes. */
function featureMismatch(names: readonly string[]): string | undefined {
  const expected: readonly string[] = FEATURE_NAMES;
  if (names.length !== expected.length) {
    const missing = expected.filter((n) => !names.includes(n));
    const unexpected = names.filter((n) => !expected.includes(n));
    return (
      `feature_names has ${names.length} names, FraudWatch computes ${expected.length}` +
      (missing.length ? `; missing ${JSON.stringify(missing)}` : '') +
      (unexpected.length ? `; unexpected ${JSON.stringify(unexpected)}` : '')
    );
  }
  const i = names.findIndex((n, k) => n !== expected[k]);
  if (i < 0) return undefined;
  const where = expected.includes(names[i]!) ? ' (the same names in another order)' : '';
  return `feature_names[${i}] is ${JSON.stringify(names[i])}, FraudWatch computes ${JSON.stringify(expected[i])} there${where}`;
}

function baseMarginOf(objective: XGBoostObjective, baseScore: number): number {
  // binary:logitraw takes base_score as a margin; the logistic objectives as a probability.
  if (objective === 'binary:logitraw') return Math.fround(baseScore);
  if (!(baseScore > 0 && baseScore < 1)) throw new XGBoostModelError(`base_score ${baseScore} must be in (0, 1) for ${objective}`);
  const p = Math.fround(baseScore);
  return Math.fround(-Math.log(Math.fround(Math.fround(1 / p) - 1)));
}

/** The tree's reachable nodes in pre-order, checked to form a tree (no cycle, no shared child). */
function toTree(t: XGBoostTree, index: number): Tree {
  const where = `tree ${index}`;
  const n = Number(t.tree_param.num_nodes);
  for (const name of NODE_ARRAYS) {
    if (t[name].length !== n) throw new XGBoostModelError(`${where}: ${name} has ${t[name].length} entries, num_nodes is ${n}`);
  }
  const order: number[] = [];
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen[node]) throw new XGBoostModelError(`${where}: node ${node} is reached twice (a cycle or a shared child)`);
    seen[node] = 1;
    order.push(node);
    const l = t.left_children[node]!;
    if (l === -1) continue;
    const r = t.right_children[node]!;
    if (!(l >= 0 && l < n && r >= 0 && r < n)) throw new XGBoostModelError(`${where}: node ${node} has children ${l} and ${r}, outside [0, ${n})`);
    if ((t.split_type?.[node] ?? 0) !== 0) throw new XGBoostModelError(`${where}: node ${node} is a categorical split, which FraudWatch does not serve`);
    const f = t.split_indices[node]!;
    if (!(f >= 0 && f < FEATURE_NAMES.length)) throw new XGBoostModelError(`${where}: node ${node} splits on feature ${f}, outside [0, ${FEATURE_NAMES.length})`);
    stack.push(r, l);
  }
  const renumber = new Int32Array(n);
  order.forEach((old, i) => (renumber[old] = i));
  const leaf = (old: number) => t.left_children[old] === -1;
  return {
    feature: order.map((o) => (leaf(o) ? LEAF : t.split_indices[o]!)),
    threshold: order.map((o) => (leaf(o) ? 0 : t.split_conditions[o]!)),
    // XGBoost keeps a leaf's value where a split keeps its threshold.
    value: order.map((o) => (leaf(o) ? t.split_conditions[o]! : 0)),
    left: order.map((o) => (leaf(o) ? LEAF : renumber[t.left_children[o]!]!)),
    right: order.map((o) => (leaf(o) ? LEAF : renumber[t.right_children[o]!]!)),
    defaultLeft: order.map((o) => Boolean(t.default_left[o])),
    cover: order.map((o) => t.sum_hessian[o]!),
  };
}

function parse<T>(schema: z.ZodType<T>, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new XGBoostModelError(`not a complete XGBoost JSON model: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Validates parsed JSON as an XGBoost model FraudWatch serves exactly; throws XGBoostModelError naming the problem. */
export function parseXGBoostModel(json: unknown): XGBoostModel {
  const { learner, version } = parse(headerSchema, json);
  const booster = learner.gradient_booster.name;
  if (booster !== 'gbtree') {
    throw new XGBoostModelError(`unsupported booster ${JSON.stringify(booster)}: FraudWatch serves "gbtree" (gblinear and dart models are not served)`);
  }
  const objective = learner.objective.name;
  if (!(XGBOOST_OBJECTIVES as readonly string[]).includes(objective)) {
    throw new XGBoostModelError(`unsupported objective ${JSON.stringify(objective)}: FraudWatch serves ${XGBOOST_OBJECTIVES.join(', ')}`);
  }
  const param = learner.learner_model_param;
  if (Number(param.num_class) > 1 || Number(param.num_target ?? 1) !== 1) {
    throw new XGBoostModelError(`a model with num_class ${param.num_class} and num_target ${param.num_target ?? 1}: FraudWatch serves one binary output`);
  }
  if (Number(param.num_feature) !== FEATURE_NAMES.length) {
    throw new XGBoostModelError(`the model takes ${param.num_feature} features (num_feature), FraudWatch computes ${FEATURE_NAMES.length}`);
  }
  const names = learner.feature_names?.length ? learner.feature_names : undefined;
  const mismatch = names && featureMismatch(names);
  if (mismatch) throw new XGBoostModelError(mismatch);

  const { model } = parse(gbtreeSchema, json).learner.gradient_booster;
  if (Number(model.gbtree_model_param.num_trees) !== model.trees.length) {
    throw new XGBoostModelError(`num_trees is ${model.gbtree_model_param.num_trees} but the file has ${model.trees.length} trees (truncated?)`);
  }
  if (model.tree_info.length !== model.trees.length || model.tree_info.some((g) => g !== 0)) {
    throw new XGBoostModelError('tree_info must put every tree in output group 0');
  }
  return {
    objective: objective as XGBoostObjective,
    baseMargin: baseMarginOf(objective as XGBoostObjective, Number(param.base_score)),
    trees: model.trees.map(toTree),
    featureNames: names,
    xgboostVersion: version?.join('.'),
    attributes: learner.attributes ?? {},
  };
}

/** Whether parsed JSON looks like XGBoost's own model file rather than a FraudWatch artifact. */
export function isXGBoostJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'learner' in json && !('schemaVersion' in json);
}
