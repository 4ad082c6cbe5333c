import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScorer, FEATURE_NAMES, loadModel } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { saveModelArtifact } from '../src/artifact.js';
import { fitBoosting } from '../src/learners/boosting.js';
import { fitForest } from '../src/learners/forest.js';
import { designMatrix, fitLogistic } from '../src/learners/logistic.js';
import { protocolPeriods } from '../src/protocol.js';
import { replay } from '../src/replay.js';
import { train } from '../src/train.js';

const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const protocol = { trainStart: '2018-05-20', trainDays: 7, delayDays: 7, testDays: 7 };
// 2018-04-01 to 2018-06-10: 35 days of history before the validation fit week, then 5 weeks.
const simulation = { customers: 1000, terminals: 2000, days: 71, seed: 11 };

describe('train', () => {
  const result = train(simulate(simulation), { protocol, source: { source: 'test' }, now: new Date('2026-01-01T00:00:00Z') });

  it('reaches a sane AUC and average precision on the test week of a small simulation', () => {
    expect(result.test.transactions).toBeGreaterThan(1500);
    expect(result.test.frauds).toBeGreaterThan(20);
    expect(result.test.aucRoc).toBeGreaterThan(0.75);
    expect(result.test.averagePrecision).toBeGreaterThan(0.3);
  });

  it('records the protocol, metrics, threshold and a reference distribution in the artifact', () => {
    const a = result.artifact;
    expect(a.metrics.test_auc_roc).toBe(result.test.aucRoc);
    expect(a.threshold).toBeGreaterThan(0);
    expect(a.threshold).toBeLessThanOrEqual(1);
    expect(a.training).toMatchObject({ source: 'test', trainStart: '2018-05-20' });
    const histogram = a.reference.scoreHistogram;
    expect(histogram.counts.reduce((x, y) => x + y, 0)).toBe(result.test.transactions);
    expect(a.reference.featureQuantiles.tx_amount!.values).toHaveLength(7);
  });

  it('saves and loads back to the same scores', () => {
    const path = saveModelArtifact(join(dir, 'model.json'), result.artifact);
    const loaded = loadModel(path);
    const direct = createScorer(result.artifact.parameters, result.artifact.scaling);
    expect(loaded.card).toMatchObject({ version: result.artifact.version, threshold: result.artifact.threshold, features: [...FEATURE_NAMES] });
    const periods = protocolPeriods(protocol);
    const rows = replay(simulate(simulation), periods.test.from, periods.test.to, 7).rows;
    for (const row of rows) expect(loaded.predict(row.features)).toBe(direct(row.features));
  });
});

describe('fitted models score the same through the artifact evaluator', () => {
  const periods = protocolPeriods(protocol);
  const rows = replay(simulate(simulation), periods.fit.from, periods.fit.to, 7).rows;
  const data = { rows: rows.map((r) => r.features), labels: rows.map((r) => r.isFraud) };

  it('gradient boosting: the flat trees on raw features give the margins fitting computed on bins', () => {
    const fitted = fitBoosting(data, { rounds: 30 });
    const score = createScorer(fitted.parameters, fitted.scaling);
    rows.forEach((row, i) => {
      expect(score(row.features)).toBeCloseTo(1 / (1 + Math.exp(-fitted.trainingMargins[i]!)), 12);
    });
    expect(fitted.parameters.trees.some((t) => t.feature.filter((f) => f >= 0).length > 3)).toBe(true);
  });

  it('logistic regression: coefficients and scaling give the library\'s probabilities', () => {
    const fitted = fitLogistic(data, { steps: 50 });
    const score = createScorer(fitted.parameters, fitted.scaling);
    const expected = fitted.library.classifiers[0]!.testScores(designMatrix(data.rows, fitted.scaling));
    data.rows.forEach((row, i) => expect(score(row)).toBeCloseTo(expected[i]!, 12));
    // Fraud rows score higher on average: the coefficients point the right way.
    const mean = (fraud: boolean): number => {
      const s = data.rows.filter((_, i) => data.labels[i] === fraud).map(score);
      return s.reduce((a, b) => a + b, 0) / s.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false));
  });

  it('random forest: the flat trees give the mean leaf fraud share of the library trees', () => {
    // Keep every legit row so no prior correction applies and leaves are the library's own.
    // A small sample: the library's split search is quadratic in a node's rows.
    const small = { rows: data.rows.slice(0, 600), labels: data.labels.slice(0, 600) };
    const fitted = fitForest(small, { trees: 3, legitPerFraud: 1e9 });
    expect(fitted.legitKeptShare).toBe(1);
    const score = createScorer(fitted.parameters, fitted.scaling);
    const lib = fitted.library;
    let positive = 0;
    for (const row of rows.slice(0, 2000)) {
      const x = Array.from(row.features);
      const perTree = lib.estimators.map((e, i) => {
        const d = e.root.classify(lib.indexes[i]!.map((c) => x[c]!));
        return d.columns > 1 ? Math.min(1, d.get(0, 1)) : 0;
      });
      const expected = perTree.reduce((a, b) => a + b, 0) / perTree.length;
      expect(score(row.features)).toBeCloseTo(expected, 12);
      if (expected > 0.5) positive++;
    }
    expect(positive).toBeGreaterThan(3);
  });
});
