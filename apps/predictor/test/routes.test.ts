/** Every route's contract, over real HTTP, with the test-only amount model (decisions on demand). */
import { once } from 'node:events';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumOf, valueOf } from '@fraudwatch/metrics/testing';
import {
  FRAUD_AMOUNT,
  LEGIT_AMOUNT,
  amountModel,
  customerCountModel,
  postJson,
  scrape,
  startPredictor,
  transaction,
  type TestPredictor,
} from './helpers.js';

let p: TestPredictor;
beforeAll(async () => {
  p = await startPredictor();
});
afterAll(() => p.close());

describe('POST /v1/predict', () => {
  it('scores one transaction', async () => {
    const res = await postJson(`${p.url}/v1/predict`, transaction({ transaction_id: 5001, tx_amount: 110 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      transaction_id: 5001,
      fraud_probability: 0.25,
      is_fraud: false,
      threshold: 0.5,
      model_version: 'test-1',
    });
  });

  it('flags a transaction at or above the threshold', async () => {
    const res = await postJson(`${p.url}/v1/predict`, transaction({ tx_amount: 220 }));
    expect(await res.json()).toMatchObject({ fraud_probability: 0.5, is_fraud: true });
  });

  it('accepts ISO 8601 event times', async () => {
    const res = await postJson(`${p.url}/v1/predict`, transaction({ tx_datetime: '2026-04-01T12:30:00Z' }));
    expect(res.status).toBe(200);
  });

  it('records the transaction in the feature state', async () => {
    const before = await p.store.entityCounts();
    await postJson(`${p.url}/v1/predict`, transaction({ customer_id: 990_001, terminal_id: 990_002 }));
    expect(await p.store.entityCounts()).toEqual({ customers: before.customers + 1, terminals: before.terminals + 1 });
  });
});

describe('POST /v1/predict/batch', () => {
  it('answers every transaction, in order', async () => {
    const amounts = [10, 400, 30, 250, 0];
    const txs = amounts.map((tx_amount, i) => transaction({ transaction_id: 7000 + i, tx_amount }));
    const res = await postJson(`${p.url}/v1/predict/batch`, { transactions: txs });
    expect(res.status).toBe(200);
    const { predictions } = (await res.json()) as { predictions: { transaction_id: number; is_fraud: boolean }[] };
    expect(predictions.map((x) => x.transaction_id)).toEqual([7000, 7001, 7002, 7003, 7004]);
    expect(predictions.map((x) => x.is_fraud)).toEqual([false, true, false, true, false]);
  });

  it('scores transactions in order, each seeing the ones before it', async () => {
    // Probability = the customer's transactions of the day so far / 100; 150 spans two scoring slices.
    const counting = await startPredictor({ model: customerCountModel });
    try {
      const txs = Array.from({ length: 150 }, () => transaction({ customer_id: 880_000 }));
      const res = await postJson(`${counting.url}/v1/predict/batch`, { transactions: txs });
      const { predictions } = (await res.json()) as { predictions: { fraud_probability: number }[] };
      expect(predictions.map((x) => x.fraud_probability)).toEqual(txs.map((_, i) => Math.min(1, (i + 1) / 100)));
    } finally {
      await counting.close();
    }
  });
});

describe('POST /v1/feedback', () => {
  it('accepts one label with 202 and counts it against the decision made', async () => {
    const scored = transaction({ tx_amount: FRAUD_AMOUNT });
    await postJson(`${p.url}/v1/predict`, scored);
    const labels = { model_version: 'test-1', decision: 'fraud', label: 'fraud' };
    const before = valueOf(await scrape(p.url), 'predictor_feedback_total', labels);
    const { transaction_id, customer_id, terminal_id, tx_datetime } = scored;
    const res = await postJson(`${p.url}/v1/feedback`, { transaction_id, customer_id, terminal_id, tx_datetime, is_fraud: true });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect(valueOf(await scrape(p.url), 'predictor_feedback_total', labels)).toBe(before + 1);
  });

  it('accepts a list, and labels transactions it never scored with decision "unknown"', async () => {
    const label = (id: number, is_fraud: boolean | 0 | 1) => ({
      transaction_id: id,
      customer_id: 1,
      terminal_id: 2,
      tx_datetime: '2026-03-01 08:00:00',
      is_fraud,
    });
    const unknownLegit = { model_version: 'test-1', decision: 'unknown', label: 'legit' };
    const unknownFraud = { ...unknownLegit, label: 'fraud' };
    const before = await scrape(p.url);
    const res = await postJson(`${p.url}/v1/feedback`, { labels: [label(900_001, 0), label(900_002, 1), label(900_003, false)] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 3 });
    const after = await scrape(p.url);
    expect(valueOf(after, 'predictor_feedback_total', unknownLegit)).toBe(valueOf(before, 'predictor_feedback_total', unknownLegit) + 2);
    expect(valueOf(after, 'predictor_feedback_total', unknownFraud)).toBe(valueOf(before, 'predictor_feedback_total', unknownFraud) + 1);
  });
});

describe('legacy routes', () => {
  it('GET / answers {"status":"OK"}', async () => {
    const res = await fetch(`${p.url}/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'OK' });
  });

  // Each query its own transaction: one id already scored would get its first answer back.
  let legacyId = 123;
  const legacyQuery = (amount: number) =>
    new URLSearchParams({
      tranaction_id: String(legacyId++),
      tx_datetime: '2018-04-01 00:00:31',
      customer_id: '596',
      terminal_id: '3156',
      tx_amount: String(amount),
      tx_time_seconds: '31',
      tx_time_days: '0',
    });

  it('GET /predict takes the legacy query parameters and answers {"pred": 0|1}', async () => {
    const legit = await fetch(`${p.url}/predict?${legacyQuery(57.16)}`);
    expect(legit.status).toBe(200);
    expect(await legit.json()).toEqual({ pred: 0 });
    const fraud = await fetch(`${p.url}/predict?${legacyQuery(FRAUD_AMOUNT)}`);
    expect(await fraud.json()).toEqual({ pred: 1 });
  });

  it('GET /predict also accepts transaction_id spelled correctly', async () => {
    const q = legacyQuery(LEGIT_AMOUNT);
    q.delete('tranaction_id');
    q.set('transaction_id', String(legacyId++));
    expect(await (await fetch(`${p.url}/predict?${q}`)).json()).toEqual({ pred: 0 });
  });

  it('GET /predict names the missing id', async () => {
    const q = legacyQuery(LEGIT_AMOUNT);
    q.delete('tranaction_id');
    const res = await fetch(`${p.url}/predict?${q}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('tranaction_id');
  });
});

describe('health, model card and metrics', () => {
  it('GET /healthz is 200', async () => {
    const res = await fetch(`${p.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz follows readiness, and so does predictor_ready', async () => {
    const fresh = await startPredictor({ unready: true });
    try {
      expect((await fetch(`${fresh.url}/readyz`)).status).toBe(503);
      expect(valueOf(await scrape(fresh.url), 'predictor_ready')).toBe(0);
      fresh.readiness.markReady();
      expect((await fetch(`${fresh.url}/readyz`)).status).toBe(200);
      expect(valueOf(await scrape(fresh.url), 'predictor_ready')).toBe(1);
      fresh.readiness.markDraining();
      expect((await fetch(`${fresh.url}/readyz`)).status).toBe(503);
      expect(valueOf(await scrape(fresh.url), 'predictor_ready')).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('GET /v1/model describes the loaded model', async () => {
    const res = await fetch(`${p.url}/v1/model`);
    expect(res.status).toBe(200);
    // Every field of the card, named in snake_case as on the rest of the wire, and what the
    // predictor does with the model: drift monitoring (it has a reference), explanations (it has none).
    const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    expect(await res.json()).toEqual({
      ...Object.fromEntries(Object.entries(amountModel.card).map(([k, v]) => [snakeCase(k), v])),
      drift_monitoring: true,
      explain: false,
    });
  });

  it('GET /metrics serves the Prometheus text format', async () => {
    const res = await fetch(`${p.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('# TYPE alert_counter gauge');
  });

  it('records a request whose client went away as status_code 499, not 200', async () => {
    const aborted = { method: 'POST', route: '/v1/predict', status_code: '499' };
    const countOf = async (labels: Record<string, string>) => sumOf(await scrape(p.url), 'predictor_http_requests_total', labels);
    const before = { aborted: await countOf(aborted), ok: await countOf({ ...aborted, status_code: '200' }) };
    const { port } = new URL(p.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    // Headers and half the declared body: the request is in flight until the body completes.
    socket.write('POST /v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"transaction_id":');
    // The scrape counts itself: the held request + 1.
    for (let i = 0; i < 200 && valueOf(await scrape(p.url), 'predictor_http_requests_in_flight') < 2; i += 1) await sleep(25);
    socket.destroy();
    for (let i = 0; i < 200 && (await countOf(aborted)) === before.aborted; i += 1) await sleep(25);
    expect(await countOf(aborted)).toBe(before.aborted + 1);
    expect(await countOf({ ...aborted, status_code: '200' })).toBe(before.ok);
    expect(valueOf(await scrape(p.url), 'predictor_http_requests_in_flight')).toBe(1);
  });
});

describe('HTTP conventions', () => {
  it('echoes a sane x-request-id and replaces an insane one', async () => {
    const given = await fetch(`${p.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const insane = await fetch(`${p.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${p.url}/healthz`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not advertise Express', async () => {
    expect((await fetch(`${p.url}/healthz`)).headers.get('x-powered-by')).toBeNull();
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await fetch(`${p.url}/v2/nothing?x=1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'no route for GET /v2/nothing',
      details: [{ field: 'path', message: 'no route for GET /v2/nothing' }],
    });
  });

  it.each([
    ['GET', '/v1/predict', 'POST'],
    ['PUT', '/v1/feedback', 'POST'],
    ['DELETE', '/metrics', 'GET, HEAD'],
    ['POST', '/predict', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await fetch(`${p.url}${path}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    const body = (await res.json()) as { details: { field: string }[] };
    expect(body.details[0]?.field).toBe('method');
  });

  it('answers OPTIONS with the allowed methods', async () => {
    const res = await fetch(`${p.url}/v1/predict/batch`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
