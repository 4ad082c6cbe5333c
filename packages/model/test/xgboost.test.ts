/**
 * Serving XGBoost's own JSON, checked against XGBoost itself: a model is trained by the repo's
 * Python script (Debian's python3-xgboost) on a synthetic feature set, and FraudWatch's scores and
 * TreeSHAP contributions are compared with Booster.predict on every row.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, loadModel, type LoadModelOptions } from '../src/artifact.js';
import { FEATURE_NAMES } from '../src/features.js';
import { compileTrees, ensembleMargin } from '../src/tree-ensemble.js';
import type { ScoringModel } from '../src/types.js';
import { parseXGBoostModel } from '../src/xgboost.js';
import { loadRejection } from './rejection.js';
import { syntheticFeatures, uniforms } from './synthetic-features.js';

const PYTHON = '/usr/bin/python3';
const SCRIPTS = fileURLToPath(new URL('../../training/python/', import.meta.url));
const WIDTH = FEATURE_NAMES.length;

const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-xgboost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, [join(SCRIPTS, script), ...args], { encoding: 'utf8', timeout: 180_000, maxBuffer: 256 * 1024 * 1024 });
}

interface Rows {
  readonly x: Float64Array[];
  readonly labels: boolean[];
}

/** Synthetic features, some missing, and a noisy fraud rule on amount, night and terminal risk. */
function syntheticRows(seed: number, count: number): Rows {
  const x = syntheticFeatures(seed, count, 0.04);
  const u = uniforms(seed + 1000);
  const known = (v: number) => (Number.isNaN(v) ? 0 : v);
  const labels = x.map((row) => {
    const amount = known(row[0]!);
    const z = -3.5 + (amount > 150 ? 2.5 : 0) + 3 * known(row[14]!) + known(row[2]!) + 0.01 * (amount - known(row[8]!));
    return u() < 1 / (1 + Math.exp(-z));
  });
  return { x, labels };
}

/** The export's layout; String(x) is the shortest text that reads back as the same double. */
function writeFeatureCsv(path: string, { x, labels }: Rows): string {
  const header = ['transaction_id', 'tx_datetime', ...FEATURE_NAMES, 'label'].join(',');
  const lines = x.map((row, i) => [i, '2018-08-01 12:00:00', ...Array.from(row, (v) => (Number.isNaN(v) ? '' : String(v))), labels[i] ? 1 : 0].join(','));
  writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
  return path;
}

interface XGBoostOutput {
  readonly probabilities: number[];
  readonly margins: number[];
  readonly contributions: number[][];
}

function xgboostPredict(modelPath: string, csvPath: string): XGBoostOutput {
  return JSON.parse(python('xgb_predict.py', '--model', modelPath, '--csv', csvPath)) as XGBoostOutput;
}

/**
 * Rows that sit on the model's own thresholds: a value a hair below a float32 threshold, which
 * float32 rounds onto it (so XGBoost sends it right where a float64 comparison would go left),
 * and a missing value at each split (its default side).
 */
function boundaryRows(booster: unknown, base: Rows): Rows {
  const x: Float64Array[] = [];
  for (const [t, tree] of parseXGBoostModel(booster).trees.entries()) {
    tree.feature.forEach((f, n) => {
      if (f < 0 || n > 6) return;
      const threshold = tree.threshold[n]!;
      const below = Float64Array.from(base.x[(t * 7 + n) % base.x.length]!);
      below[f] = threshold === 0 ? -1e-50 : threshold - Math.abs(threshold) * 2 ** -30;
      const missing = Float64Array.from(below);
      missing[f] = Number.NaN;
      x.push(below, missing);
    });
  }
  return { x, labels: x.map(() => false) };
}

const modelPath = join(dir, 'model.json');
const BARE = { allowMissingReference: true } as const;
let booster: Record<string, unknown>;
let trees: number;
let test: Rows;
let expected: XGBoostOutput;
let model: ScoringModel;

beforeAll(() => {
  const trainPath = writeFeatureCsv(join(dir, 'train.csv'), syntheticRows(1, 3000));
  const validationPath = writeFeatureCsv(join(dir, 'validation.csv'), syntheticRows(2, 1000));
  const summary = JSON.parse(
    python('train_xgboost.py', '--train', trainPath, '--validation', validationPath, '--out', modelPath, '--rounds', '200', '--max-depth', '5', '--learning-rate', '0.05', '--seed', '0'),
  ) as { trees: number };
  trees = summary.trees;
  expect(trees).toBeGreaterThanOrEqual(20);
  booster = JSON.parse(readFileSync(modelPath, 'utf8')) as Record<string, unknown>;
  const rows = syntheticRows(3, 1000);
  const boundary = boundaryRows(booster, rows);
  test = { x: [...rows.x, ...boundary.x], labels: [...rows.labels, ...boundary.labels] };
  expected = xgboostPredict(modelPath, writeFeatureCsv(join(dir, 'test.csv'), test));
  model = loadModel(modelPath, BARE);
}, 360_000);

describe('a bare XGBoost model (Booster.save_model JSON)', () => {
  it("scores every row as Booster.predict does, within 1e-6, boundary and missing values included", () => {
    expect(expected.probabilities.length).toBe(test.x.length);
    let worst = 0;
    test.x.forEach((x, i) => {
      const difference = Math.abs(model.predict(x) - expected.probabilities[i]!);
      worst = Math.max(worst, difference);
      expect(difference, `row ${i}`).toBeLessThanOrEqual(1e-6);
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('reads the same booster saved as UBJSON (save_model("….ubj")): the same scores, and XGBoost agrees', () => {
    const ubjPath = join(dir, 'model.ubj');
    execFileSync(PYTHON, ['-c', 'import sys, xgboost; xgboost.Booster(model_file=sys.argv[1]).save_model(sys.argv[2])', modelPath, ubjPath]);
    expect(readFileSync(ubjPath).subarray(0, 2).toString('latin1')).toMatch(/^\{[iUlL]/);
    const fromUbj = loadModel(ubjPath, BARE);
    const theirs = xgboostPredict(ubjPath, join(dir, 'test.csv'));
    test.x.forEach((x, i) => {
      expect(fromUbj.predict(x), `row ${i}`).toBe(model.predict(x));
      expect(Math.abs(fromUbj.predict(x) - theirs.probabilities[i]!), `row ${i}`).toBeLessThanOrEqual(1e-6);
    });
    // Covers come as exact float32 values in UBJSON and as shortest decimals in JSON: equal to ~1e-8.
    const [a, b] = [fromUbj.explain!(test.x[0]!), model.explain!(test.x[0]!)];
    a.contributions.forEach((c, f) => expect(Math.abs(c - b.contributions[f]!), `feature ${f}`).toBeLessThan(1e-6));
    expect(fromUbj.card.algorithm).toBe(model.card.algorithm);
    // Cut short, it is refused as corrupt UBJSON, not read as something else.
    const truncated = write('truncated.ubj', '');
    writeFileSync(truncated, readFileSync(ubjPath).subarray(0, 5000));
    expect(rejection(truncated).message).toMatch(/not valid UBJSON, truncated or corrupt/);
  });

  it('needs the float32 comparison: float64 thresholds would send the boundary rows the other way', () => {
    const parsed = parseXGBoostModel(booster);
    const float64 = compileTrees(parsed.trees, false);
    const wrong = test.x.filter((x, i) => Math.abs(ensembleMargin(float64, parsed.baseMargin, x) - expected.margins[i]!) > 1e-4);
    expect(wrong.length).toBeGreaterThan(10);
  });

  it("explains every row as Booster.predict(pred_contribs=True) does, within 1e-5, and they sum to the margin", () => {
    test.x.forEach((x, i) => {
      const { contributions, bias } = model.explain!(x);
      const theirs = expected.contributions[i]!;
      expect(theirs.length).toBe(WIDTH + 1);
      contributions.forEach((c, f) => expect(Math.abs(c - theirs[f]!), `row ${i} ${FEATURE_NAMES[f]}`).toBeLessThanOrEqual(1e-5));
      expect(Math.abs(bias - theirs[WIDTH]!), `row ${i} bias`).toBeLessThanOrEqual(1e-5);
      const margin = contributions.reduce((s, c) => s + c, bias);
      expect(Math.abs(margin - expected.margins[i]!), `row ${i} margin`).toBeLessThanOrEqual(1e-5);
    });
  });

  it('is refused where a reference score histogram is required (drift monitoring)', () => {
    expect(rejection(modelPath, {}).message).toMatch(/a bare XGBoost model carries no reference score histogram, which score drift monitoring needs/);
  });

  it('gets a card derived from the file, with the default threshold 0.5 or the one given', () => {
    const { card, reference } = model;
    expect(card.name).toBe('model');
    expect(card.algorithm).toBe('xgboost binary:logistic');
    expect(card.version).toMatch(/^xgboost-1\.7\.\d+\.[0-9a-f]{8}$/);
    expect(card.features).toEqual([...FEATURE_NAMES]);
    expect(card.threshold).toBe(0.5);
    expect(card.metrics).toMatchObject({ best_iteration: trees - 1, trees });
    expect(reference).toBeUndefined();
    expect(loadModel(modelPath, { ...BARE, defaultThreshold: 0.2 }).card.threshold).toBe(0.2);
    expect(() => loadModel(modelPath, { ...BARE, defaultThreshold: 1.5 })).toThrow(/defaultThreshold must be in \[0, 1\], got 1.5/);
  });

  it('reg:logistic and binary:logitraw score as XGBoost does (logitraw: sigmoid of its margin)', () => {
    // Edited as text: XGBoost's parser refuses JSON re-serialised by JavaScript (1.0 becomes 1, an Integer).
    const text = readFileSync(modelPath, 'utf8');
    expect(text.split('"binary:logistic"').length).toBe(2);
    for (const objective of ['reg:logistic', 'binary:logitraw']) {
      const path = write(`${objective.replace(':', '-')}.json`, text.replace('"binary:logistic"', JSON.stringify(objective)));
      const theirs = xgboostPredict(path, join(dir, 'test.csv'));
      const ours = loadModel(path, BARE);
      test.x.forEach((x, i) => {
        const margin = objective === 'binary:logitraw' ? theirs.probabilities[i]! : theirs.margins[i]!;
        expect(Math.abs(ours.predict(x) - 1 / (1 + Math.exp(-margin))), `${objective} row ${i}`).toBeLessThanOrEqual(1e-6);
      });
    }
  }, 120_000);
});

describe('a FraudWatch artifact wrapping an XGBoost model', () => {
  it('loads with its own card, threshold and reference, and scores and explains as the bare file', () => {
    const template = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as Record<string, unknown>;
    const artifact = { ...template, algorithm: 'xgboost', threshold: 0.37, parameters: { kind: 'xgboost', booster } };
    const wrapped = loadModel(write('wrapped.json', JSON.stringify(artifact)), { defaultThreshold: 0.9 });
    expect(wrapped.card.threshold).toBe(0.37);
    expect(wrapped.card.algorithm).toBe('xgboost');
    expect(wrapped.reference).toEqual(template.reference);
    for (const x of test.x.slice(0, 200)) {
      expect(wrapped.predict(x)).toBe(model.predict(x));
      expect(wrapped.explain!(x)).toEqual(model.explain!(x));
    }
  });

  it('is refused, naming the problem in the booster', () => {
    const template = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as Record<string, unknown>;
    const bad = withChange((b) => (b.learner.objective.name = 'reg:squarederror'));
    const path = write('wrapped-bad.json', JSON.stringify({ ...template, parameters: { kind: 'xgboost', booster: JSON.parse(bad) } }));
    expect(rejection(path).message).toMatch(/bad parameters: parameters\.booster: unsupported objective "reg:squarederror"/);
  });
});

// The JSON layout of XGBoost 1.7's save_model, as far as these tests change it.
interface BoosterJson {
  learner: {
    feature_names: string[];
    objective: { name: string };
    learner_model_param: Record<string, string>;
    gradient_booster: { name: string; model: { trees: Record<string, unknown[]>[]; gbtree_model_param: Record<string, string> } };
  };
}

function withChange(change: (b: BoosterJson) => void): string {
  const b = structuredClone(booster) as unknown as BoosterJson;
  change(b);
  return JSON.stringify(b);
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const rejection = (path: string, options: LoadModelOptions = BARE) => loadRejection(path, options);

describe('loadModel refuses an XGBoost file it cannot serve exactly, saying why', () => {
  const swapped = [FEATURE_NAMES[1], FEATURE_NAMES[0], ...FEATURE_NAMES.slice(2)];
  it.each([
    { name: 'objective', change: (b: BoosterJson) => (b.learner.objective.name = 'reg:squarederror'), problem: /unsupported objective "reg:squarederror": FraudWatch serves binary:logistic, reg:logistic, binary:logitraw/ },
    { name: 'gblinear', change: (b: BoosterJson) => (b.learner.gradient_booster = { name: 'gblinear', model: { weights: [0.1] } } as never), problem: /unsupported booster "gblinear"/ },
    { name: 'dart', change: (b: BoosterJson) => (b.learner.gradient_booster.name = 'dart'), problem: /unsupported booster "dart"/ },
    { name: 'multi-class', change: (b: BoosterJson) => (b.learner.learner_model_param.num_class = '3'), problem: /num_class 3 .*one binary output/ },
    { name: 'feature count', change: (b: BoosterJson) => (b.learner.learner_model_param.num_feature = '14'), problem: /takes 14 features \(num_feature\), FraudWatch computes 15/ },
    { name: 'feature order', change: (b: BoosterJson) => (b.learner.feature_names = swapped as string[]), problem: /feature_names\[0\] is "tx_during_weekend", FraudWatch computes "tx_amount" there \(the same names in another order\)/ },
    { name: 'feature renamed', change: (b: BoosterJson) => (b.learner.feature_names[3] = 'nb_tx'), problem: /feature_names\[3\] is "nb_tx", FraudWatch computes "customer_nb_tx_1day" there$/ },
    { name: 'feature dropped', change: (b: BoosterJson) => b.learner.feature_names.pop(), problem: /feature_names has 14 names, FraudWatch computes 15; missing \["terminal_risk_30day"\]/ },
    { name: 'base_score', change: (b: BoosterJson) => (b.learner.learner_model_param.base_score = '2'), problem: /base_score 2 must be in \(0, 1\) for binary:logistic/ },
    { name: 'no trees', change: (b: BoosterJson) => delete (b.learner.gradient_booster.model as Partial<BoosterJson['learner']['gradient_booster']['model']>).trees, problem: /not a complete XGBoost JSON model: learner\.gradient_booster\.model\.trees/ },
    { name: 'lost tree', change: (b: BoosterJson) => b.learner.gradient_booster.model.trees.pop(), problem: /num_trees is \d+ but the file has \d+ trees \(truncated\?\)/ },
    { name: 'short array', change: (b: BoosterJson) => b.learner.gradient_booster.model.trees[2]!.split_conditions!.pop(), problem: /tree 2: split_conditions has \d+ entries, num_nodes is \d+/ },
    { name: 'NaN threshold', change: (b: BoosterJson) => (b.learner.gradient_booster.model.trees[0]!.split_conditions![0] = null), problem: /learner\.gradient_booster\.model\.trees\.0\.split_conditions\.0/ },
    { name: 'cycle', change: (b: BoosterJson) => (b.learner.gradient_booster.model.trees[0]!.left_children![1] = 0), problem: /tree 0: node 0 is reached twice/ },
    { name: 'child out of range', change: (b: BoosterJson) => (b.learner.gradient_booster.model.trees[1]!.right_children![0] = 9999), problem: /tree 1: node 0 has children \d+ and 9999, outside/ },
    { name: 'categorical split', change: (b: BoosterJson) => (b.learner.gradient_booster.model.trees[0]!.split_type![0] = 1), problem: /tree 0: node 0 is a categorical split/ },
  ])('$name', ({ name, change, problem }) => {
    expect(rejection(write(`${name}.json`, withChange(change))).message).toMatch(problem);
  });

  it('a truncated or corrupt file', () => {
    const text = readFileSync(modelPath, 'utf8');
    expect(rejection(write('truncated.json', text.slice(0, text.length / 3))).message).toMatch(/not valid JSON, truncated or corrupt/);
  });
});

describe('the Python scripts', () => {
  it('say which interpreter lacks xgboost and how to fix it', () => {
    // -S leaves Debian's dist-packages off sys.path: the situation of a pyenv python3 on PATH.
    const run = spawnSync(PYTHON, ['-S', join(SCRIPTS, 'xgb_predict.py'), '--model', modelPath, '--csv', join(dir, 'test.csv')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not importable by \/usr\/bin\/python3: install Debian's python3-xgboost/);
  });

  it('name a CSV whose header is not the export layout', () => {
    const path = write('bad.csv', 'id,amount,label\n1,2,0\n');
    const run = spawnSync(PYTHON, [join(SCRIPTS, 'train_xgboost.py'), '--train', path, '--validation', path, '--out', join(dir, 'x.json')], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.csv: header must be transaction_id, tx_datetime, the features, label; got id, amount, label/);
  });
});
