/**
 * Training elsewhere, end to end on a small simulation: the export CLI writes the protocol's sets
 * from the same replay as training, the repo's scripts train XGBoost and scikit-learn's random
 * forest on them (Debian's python3-xgboost and python3-sklearn, for real), and import-artifact
 * wraps the result, measured by the same code as the built-in trainer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, formatTxDatetime, loadModel } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { FEATURE_CSV_FILES, FEATURE_CSV_HEADER } from '../src/feature-csv.js';
import { PROTOCOL_SET_NAMES, protocolSets } from '../src/protocol-sets.js';
import { evaluateOnProtocol } from '../src/train.js';

const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPTS = fileURLToPath(new URL('../python/', import.meta.url));
const csv = (name: keyof typeof FEATURE_CSV_FILES) => join(dir, FEATURE_CSV_FILES[name]);

function python(script: string, ...args: string[]): string {
  return execFileSync('/usr/bin/python3', [join(SCRIPTS, script), ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

/** The feature vectors of an exported CSV, row by row. */
function csvFeatures(path: string): Float64Array[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => Float64Array.from(line.split(',').slice(2, -1), Number));
}
const cli = (name: string) => fileURLToPath(new URL(`../src/cli/${name}.ts`, import.meta.url));

/** Runs a training command from its sources (as pnpm does) with tsx's loader. */
function command(name: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli(name), ...args], { encoding: 'utf8', timeout: 60_000 });
}

// 2018-04-01 to 2018-06-10: the protocol from 2018-05-20 on a 400-customer simulation.
const DATA = ['--seed', '4', '--customers', '400', '--terminals', '800', '--train-start', '2018-05-20'];
const simulation = { seed: 4, customers: 400, terminals: 800, days: 71 };
const protocol = { trainStart: '2018-05-20' };

describe('export', () => {
  beforeAll(() => {
    const run = command('export', ...DATA, '--out', dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('writes each protocol set as the rows training replays: ids, times, the 15 features, labels', () => {
    const sets = protocolSets(simulate(simulation), protocol);
    for (const name of PROTOCOL_SET_NAMES) {
      const lines = readFileSync(join(dir, FEATURE_CSV_FILES[name]), 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(FEATURE_CSV_HEADER);
      expect(lines[0]!.split(',')).toEqual(['transaction_id', 'tx_datetime', ...FEATURE_NAMES, 'label']);
      const rows = sets[name];
      expect(rows.length).toBeGreaterThan(100);
      expect(lines).toHaveLength(rows.length + 1);
      for (const [i, row] of rows.entries()) {
        const cells = lines[i + 1]!.split(',');
        expect(Number(cells[0])).toBe(row.transactionId);
        expect(cells[1]).toBe(formatTxDatetime(row.time));
        // Parsed back as doubles, the features are exactly those training computed.
        expect(Float64Array.from(cells.slice(2, -1), Number)).toEqual(row.features);
        expect(cells.at(-1)).toBe(row.isFraud ? '1' : '0');
      }
    }
  });

  it('requires --out and names a bad option, exiting 2 without a stack', () => {
    const bare = command('export');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^export: --out DIR is required/);
    const bad = command('export', '--out', dir, '--seed', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^export: --seed must be a non-negative integer, got x/);
  });
});

describe('an XGBoost model trained on the export, made into an artifact', () => {
  const validationModel = join(dir, 'validation-model.json');
  const model = join(dir, 'model.json');
  const artifactPath = join(dir, 'xgboost-artifact.json');
  let trained: { trees: number };
  beforeAll(() => {
    const out = python('train_xgboost.py', '--train', csv('validationFit'), '--validation', csv('validation'), '--out', validationModel, '--refit', csv('train'), '--refit-out', model, '--rounds', '80');
    trained = JSON.parse(out) as { trees: number };
    const run = command('import-artifact', ...DATA, '--model', model, '--validation-model', validationModel, '--out', artifactPath);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);

  it('carries the booster byte for byte, and the same evaluation and threshold the built-in pipeline computes', () => {
    const text = readFileSync(artifactPath, 'utf8');
    expect(text).toContain(readFileSync(model, 'utf8').trim());
    const wrapped = loadModel(artifactPath);
    const bare = loadModel(model, { allowMissingReference: true });
    const forThreshold = loadModel(validationModel, { allowMissingReference: true });
    const expected = evaluateOnProtocol(protocolSets(simulate(simulation), protocol), { validation: forThreshold.predict, test: bare.predict });
    expect(wrapped.card.threshold).toBe(expected.threshold);
    expect(wrapped.card.metrics).toMatchObject(expected.metrics);
    expect(wrapped.reference).toEqual(expected.reference);
    expect(wrapped.card.metrics.trees).toBe(trained.trees);
    expect(wrapped.card.metrics.test_auc_roc).toBeGreaterThan(0.7);
    const x = Float64Array.from(FEATURE_NAMES, (_, i) => i + 0.5);
    expect(wrapped.predict(x)).toBe(bare.predict(x));
  });

  it('refuses a file that is not a model, naming it, exiting 2 without a stack', () => {
    const run = command('import-artifact', ...DATA, '--model', join(dir, FEATURE_CSV_FILES.train), '--validation-model', validationModel, '--out', join(dir, 'never.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^import-artifact: model artifact .*train\.csv: not valid JSON/);
  });
});

describe("scikit-learn's random forest trained on the export, made into an artifact", () => {
  const validationForest = join(dir, 'validation-forest.json');
  const forest = join(dir, 'forest.json');
  const artifactPath = join(dir, 'forest-artifact.json');
  let sklearn: { probabilities: number[] };
  beforeAll(() => {
    python('sklearn_forest.py', '--train', csv('validationFit'), '--out', validationForest, '--trees', '15', '--max-depth', '10');
    sklearn = JSON.parse(python('sklearn_forest.py', '--train', csv('train'), '--out', forest, '--trees', '15', '--max-depth', '10', '--score', csv('test'))) as { probabilities: number[] };
    const run = command('import-artifact', ...DATA, '--model', forest, '--validation-model', validationForest, '--out', artifactPath);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);

  it('serves predict_proba on every test row (1e-6), including values a hair either side of its float32 thresholds', () => {
    const model = loadModel(artifactPath);
    expect(model.card.algorithm).toBe('scikit-learn random-forest');
    expect(model.card.metrics.trees).toBe(15);
    expect(model.explain).toBeUndefined();
    const rows = csvFeatures(csv('test'));
    expect(rows).toHaveLength(sklearn.probabilities.length);
    for (const [i, x] of rows.entries()) expect(Math.abs(model.predict(x) - sklearn.probabilities[i]!)).toBeLessThanOrEqual(1e-6);

    // Around every threshold of the first tree: scikit-learn compares float32(x) <= t, so doubles
    // just above t can still go left; the written thresholds must send them the same way.
    const { trees } = JSON.parse(readFileSync(forest, 'utf8')) as { trees: { feature: number[]; threshold: number[] }[] };
    const probes: Float64Array[] = [];
    const base = rows[0]!;
    trees[0]!.feature.forEach((f, n) => {
      if (f < 0) return;
      const t = trees[0]!.threshold[n]!;
      for (const v of [t, t * (1 - 1e-9), t * (1 + 1e-9), Math.fround(t), t - 1e-7, t + 1e-7]) {
        const x = Float64Array.from(base);
        x[f] = v;
        probes.push(x);
      }
    });
    const header = readFileSync(csv('test'), 'utf8').split('\n')[0]!;
    const probePath = join(dir, 'probes.csv');
    writeFileSync(probePath, `${[header, ...probes.map((x, i) => [i, '2018-01-01 00:00:00', ...x, 0].join(','))].join('\n')}\n`);
    const theirs = JSON.parse(python('sklearn_forest.py', '--train', csv('train'), '--out', join(dir, 'forest-again.json'), '--trees', '15', '--max-depth', '10', '--score', probePath)) as { probabilities: number[] };
    expect(readFileSync(join(dir, 'forest-again.json'), 'utf8')).toBe(readFileSync(forest, 'utf8'));
    for (const [i, x] of probes.entries()) expect(Math.abs(model.predict(x) - theirs.probabilities[i]!)).toBeLessThanOrEqual(1e-6);
    // The probes do cross splits: they do not all score alike.
    expect(new Set(theirs.probabilities).size).toBeGreaterThan(1);
  });

  it('refuses forest parameters fitted on other features, naming the mismatch', () => {
    const other = join(dir, 'other-features.json');
    const f = JSON.parse(readFileSync(forest, 'utf8')) as { features: string[] };
    writeFileSync(other, JSON.stringify({ ...f, features: [...f.features].reverse() }));
    const run = command('import-artifact', ...DATA, '--model', other, '--validation-model', validationForest, '--out', join(dir, 'never.json'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^import-artifact: model artifact .*other-features\.json: feature list mismatch/);
  });
});
