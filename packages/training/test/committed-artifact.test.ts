import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFeatureStore, DEFAULT_MODEL_PATH, FEATURE_NAMES, loadModel } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { evaluate } from '../src/evaluation.js';
import { protocolPeriods } from '../src/protocol.js';
import { replay, testRows } from '../src/replay.js';

// The artifact the predictor serves, checked against the simulator and the trainer that made it.
const { training } = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { training: Record<string, string | number> };

describe('the committed default artifact', () => {
  it('replays its test week to the metrics it stores, and those meet the bar', () => {
    // Rebuild the data the trainer saw from what the artifact records, score it through loadModel
    // (the serving path) and evaluate: stored numbers that the model does not reproduce fail here.
    expect(training.source).toBe('simulation');
    const protocol = {
      trainStart: String(training.trainStart),
      trainDays: Number(training.trainDays),
      delayDays: Number(training.delayDays),
      testDays: Number(training.testDays),
    };
    const stream = simulate({
      seed: Number(training.seed),
      customers: Number(training.customers),
      terminals: Number(training.terminals),
      startDate: String(training.startDate),
      days: Number(training.days),
      radius: Number(training.radius),
    });
    const periods = protocolPeriods(protocol);
    const rows = testRows(replay(stream, periods.fit.from, periods.test.to, protocol.delayDays), periods.fit, periods.test, protocol.delayDays);
    const model = loadModel();
    const replayed = evaluate(rows, Float64Array.from(rows, (r) => model.predict(r.features)));
    const stored = model.card.metrics;
    expect(replayed.transactions).toBe(stored.test_transactions);
    expect(replayed.frauds).toBe(stored.test_frauds);
    expect(replayed.aucRoc).toBeCloseTo(stored.test_auc_roc!, 12);
    expect(replayed.averagePrecision).toBeCloseTo(stored.test_average_precision!, 12);
    expect(replayed.cardPrecisionAt100).toBeCloseTo(stored.test_card_precision_at_100!, 12);
    expect(replayed.aucRoc).toBeGreaterThanOrEqual(0.86);
    expect(replayed.averagePrecision).toBeGreaterThanOrEqual(0.6);
  });

  it('loads, names its features and scores probabilities', () => {
    const model = loadModel();
    expect(model.card.features).toEqual([...FEATURE_NAMES]);
    const store = createFeatureStore();
    let flagged = 0;
    let n = 0;
    for (const tx of simulate({ customers: 200, terminals: 400, days: 10, seed: 5 })) {
      const p = model.predict(store.features(tx));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      if (p >= model.card.threshold) flagged++;
      n++;
      store.record(tx);
    }
    // Amounts above 220 alone are about 0.1 % of transactions; nothing near everything is flagged.
    expect(flagged).toBeGreaterThan(0);
    expect(flagged / n).toBeLessThan(0.05);
  });
});
