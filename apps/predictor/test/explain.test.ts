/**
 * `?explain=true` on the prediction routes, over the real app: the committed model (built-in
 * boosted trees) and a real XGBoost model, whose contributions must equal XGBoost's own
 * `pred_contribs` for the same features.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURE_NAMES, formatTxDatetime, loadModel } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumOf, valueOf } from '@fraudwatch/metrics/testing';
import { REASON_COUNT } from '../src/routes/prediction-response.js';
import { postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';
import { trainXGBoostModel, xgboostScores } from './xgboost-model.js';

interface ExplainedBody {
  transaction_id: number;
  fraud_probability: number;
  is_fraud: boolean;
  threshold: number;
  model_version: string;
  features: Record<string, number>;
  contributions: Record<string, number>;
  reasons: string[];
}

const logit = (p: number) => Math.log(p / (1 - p));

async function predictions(url: string, txs: Record<string, unknown>[], query = '?explain=true'): Promise<ExplainedBody[]> {
  const res = await postJson(`${url}/v1/predict/batch${query}`, { transactions: txs });
  expect(res.status).toBe(200);
  return ((await res.json()) as { predictions: ExplainedBody[] }).predictions;
}

/** The explanation's own consistency: names, the sum, and reasons as documented. */
function expectConsistent(x: ExplainedBody): void {
  expect(Object.keys(x.features)).toEqual([...FEATURE_NAMES]);
  expect(Object.keys(x.contributions)).toEqual([...FEATURE_NAMES, 'bias']);
  const sum = Object.values(x.contributions).reduce((a, b) => a + b, 0);
  // XGBoost adds its leaves in float32: its margin is within float32 rounding of the exact sum.
  expect(Math.abs(sum - logit(x.fraud_probability))).toBeLessThanOrEqual(1e-5);
  const positive = FEATURE_NAMES.filter((n) => x.contributions[n]! > 0).sort((a, b) => x.contributions[b]! - x.contributions[a]!);
  expect(x.reasons).toEqual(positive.slice(0, REASON_COUNT));
}

describe('explanations from the committed model', () => {
  let p: TestPredictor;
  beforeAll(async () => (p = await startPredictor({ model: loadModel() })));
  afterAll(() => p.close());

  it('adds features, contributions summing to the margin, and the reasons, to each prediction', async () => {
    const txs = [1, 25, 80, 240, 900].map((tx_amount) => transaction({ tx_amount, customer_id: 501, terminal_id: 77 }));
    const explained = await predictions(p.url, txs);
    expect(explained).toHaveLength(txs.length);
    for (const [i, x] of explained.entries()) {
      expectConsistent(x);
      expect(x.features.tx_amount).toBe(txs[i]!.tx_amount);
    }
    // An amount far above 220 is the handbook's first fraud pattern: the amount is the first reason.
    expect(explained.at(-1)!.is_fraud).toBe(true);
    expect(explained.at(-1)!.reasons[0]).toBe('tx_amount');
  });

  it('explains the single route the same way, and answers as before without explain=true', async () => {
    const one = (query: string) => postJson(`${p.url}/v1/predict${query}`, transaction({ tx_amount: 700, customer_id: 502, terminal_id: 78 }));
    const explained = (await (await one('?explain=true')).json()) as ExplainedBody;
    expectConsistent(explained);
    for (const query of ['', '?explain=false']) {
      const plain = (await (await one(query)).json()) as Record<string, unknown>;
      expect(Object.keys(plain)).toEqual(['transaction_id', 'fraud_probability', 'is_fraud', 'threshold', 'model_version']);
    }
  });

  it.each(['yes', 'TRUE', '1', ''])('refuses explain=%s with a 400 naming explain, scoring nothing', async (value) => {
    const scored = async () => sumOf(await scrape(p.url), 'predictor_predictions_total');
    const before = await scored();
    for (const route of ['/v1/predict', '/v1/predict/batch']) {
      const body = route.endsWith('batch') ? { transactions: [transaction()] } : transaction();
      const res = await postJson(`${p.url}${route}?explain=${value}`, body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as { error: string; details: { field: string }[] };
      expect(error.error).toMatch(/explain/);
      expect(error.details.map((d) => d.field)).toEqual(['explain']);
    }
    const twice = await postJson(`${p.url}/v1/predict?explain=true&explain=true`, transaction());
    expect(twice.status).toBe(400);
    expect(await scored()).toBe(before);
  });
});

describe('a model that cannot explain', () => {
  let p: TestPredictor;
  beforeAll(async () => (p = await startPredictor()));
  afterAll(() => p.close());

  it('answers explain=true with a 422 naming explain, before scoring; explain=false works', async () => {
    for (const [route, body] of [
      ['/v1/predict', transaction()],
      ['/v1/predict/batch', { transactions: [transaction()] }],
    ] as const) {
      const res = await postJson(`${p.url}${route}?explain=true`, body);
      expect(res.status).toBe(422);
      const error = (await res.json()) as { error: string; details: { field: string }[] };
      expect(error.error).toMatch(/cannot explain/);
      expect(error.details[0]!.field).toBe('explain');
      expect((await postJson(`${p.url}${route}?explain=false`, body)).status).toBe(200);
    }
    expect(valueOf(await scrape(p.url), 'predictor_predictions_total', { model_version: 'test-1', decision: 'legit' })).toBe(2);
    const card = (await (await fetch(`${p.url}/v1/model`)).json()) as { explain: boolean };
    expect(card.explain).toBe(false);
  });
});

describe('a bare XGBoost model served as Booster.save_model wrote it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-predictor-xgboost-'));
  let modelPath: string;
  let p: TestPredictor;
  beforeAll(async () => {
    modelPath = trainXGBoostModel(dir);
    p = await startPredictor({ model: loadModel(modelPath, { allowMissingReference: true, defaultThreshold: 0.4 }), env: { MODEL_THRESHOLD: '0.4' } });
  }, 120_000);
  afterAll(async () => {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains each transaction as XGBoost pred_contribs does (1e-5), and scores as Booster.predict (1e-6)', async () => {
    // Two simulated days, so that the customer and terminal windows hold real history.
    const txs = [...simulate({ customers: 150, terminals: 300, days: 2, seed: 9 })].map((tx) => ({
      transaction_id: tx.transactionId,
      tx_datetime: formatTxDatetime(tx.time),
      customer_id: tx.customerId,
      terminal_id: tx.terminalId,
      tx_amount: tx.amount,
    }));
    expect(txs.length).toBeGreaterThan(200);
    const explained: ExplainedBody[] = [];
    for (let i = 0; i < txs.length; i += 1000) explained.push(...(await predictions(p.url, txs.slice(i, i + 1000))));
    const xgb = xgboostScores(modelPath, dir, explained.map((x) => x.features));
    for (const [i, x] of explained.entries()) {
      expectConsistent(x);
      expect(Math.abs(x.fraud_probability - xgb.probabilities[i]!)).toBeLessThanOrEqual(1e-6);
      const theirs = xgb.contributions[i]!;
      for (const [j, name] of FEATURE_NAMES.entries()) expect(Math.abs(x.contributions[name]! - theirs[j]!)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(x.contributions.bias! - theirs[FEATURE_NAMES.length]!)).toBeLessThanOrEqual(1e-5);
      expect(x.is_fraud).toBe(x.fraud_probability >= 0.4);
    }
    // Not all trivially zero: the model uses its features.
    expect(explained.some((x) => x.reasons.length > 0)).toBe(true);
  });

  it('serves without score drift monitoring: the card says so and no PSI series is exported', async () => {
    const card = (await (await fetch(`${p.url}/v1/model`)).json()) as { threshold: number; drift_monitoring: boolean; explain: boolean; algorithm: string };
    expect(card).toMatchObject({ threshold: 0.4, drift_monitoring: false, explain: true, algorithm: 'xgboost binary:logistic' });
    const drift = (await scrape(p.url)).samples.filter((s) => s.name === 'predictor_score_drift_psi');
    expect(drift).toEqual([]);
  });
});
