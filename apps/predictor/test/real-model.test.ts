/** The routes with the real default model artifact (the one the service ships with). */
import { loadModel, type FraudModel } from '@fraudwatch/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueOf } from '@fraudwatch/metrics/testing';
import { postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

interface PredictionBody {
  transaction_id: number;
  fraud_probability: number;
  is_fraud: boolean;
  threshold: number;
  model_version: string;
}

let model: FraudModel;
let p: TestPredictor;
beforeAll(async () => {
  model = loadModel();
  p = await startPredictor({ model });
});
afterAll(() => p.close());

describe('with the real default model', () => {
  it('serves its card', async () => {
    const card = (await (await fetch(`${p.url}/v1/model`)).json()) as { version: string; features: string[]; threshold: number };
    expect(card.version).toBe(model.card.version);
    expect(card.features).toEqual(model.card.features);
    expect(card.threshold).toBeGreaterThan(0);
    expect(card.threshold).toBeLessThan(1);
  });

  it('scores transactions with probabilities that agree with the decisions', async () => {
    const amounts = [1, 15, 40, 80, 120, 180, 230, 400, 900];
    const res = await postJson(`${p.url}/v1/predict/batch`, {
      transactions: amounts.map((tx_amount) => transaction({ tx_amount, customer_id: 31, terminal_id: 5 })),
    });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: PredictionBody[] };
    for (const x of predictions) {
      expect(x.fraud_probability).toBeGreaterThanOrEqual(0);
      expect(x.fraud_probability).toBeLessThanOrEqual(1);
      expect(x.is_fraud).toBe(x.fraud_probability >= model.card.threshold);
      expect(x).toMatchObject({ threshold: model.card.threshold, model_version: model.card.version });
    }
  });

  it('flags the handbook\'s first fraud pattern: an amount far above 220', async () => {
    const res = await postJson(`${p.url}/v1/predict`, transaction({ tx_amount: 1500, customer_id: 32, terminal_id: 6 }));
    expect(((await res.json()) as PredictionBody).is_fraud).toBe(true);
  });

  it('answers the legacy route and labels the metrics with its version', async () => {
    const q = new URLSearchParams({
      tranaction_id: '77',
      tx_datetime: '2018-04-01 00:00:31',
      customer_id: '596',
      terminal_id: '3156',
      tx_amount: '57.16',
      tx_time_seconds: '31',
      tx_time_days: '0',
    });
    const model_version = model.card.version;
    const scored = async (decision: string) =>
      valueOf(await scrape(p.url), 'predictor_predictions_total', { model_version, decision });
    const before = { fraud: await scored('fraud'), legit: await scored('legit') };
    const body = (await (await fetch(`${p.url}/predict?${q}`)).json()) as { pred: number };
    expect([0, 1]).toContain(body.pred);
    // Exactly one more prediction, under the decision the route answered.
    const decision = body.pred === 1 ? 'fraud' : 'legit';
    const other = body.pred === 1 ? 'legit' : 'fraud';
    expect(await scored(decision)).toBe(before[decision] + 1);
    expect(await scored(other)).toBe(before[other]);
    expect(valueOf(await scrape(p.url), 'predictor_model_info', { model_name: model.card.name, model_version })).toBe(1);
  });
});
