/** alert_counter over HTTP: what raises it, what resets it, and the switches that change both. */
import { afterEach, describe, expect, it } from 'vitest';
import { valueOf } from '@fraudwatch/metrics/testing';
import { FRAUD_AMOUNT, LEGIT_AMOUNT, postJson, scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

const started: TestPredictor[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.close()));
});

async function predictor(env: Record<string, string> = {}): Promise<TestPredictor> {
  const p = await startPredictor({ env });
  started.push(p);
  return p;
}

async function score(p: TestPredictor, amounts: number[], terminal_id = 7): Promise<void> {
  const transactions = amounts.map((tx_amount) => transaction({ tx_amount, terminal_id }));
  const res = await postJson(`${p.url}/v1/predict/batch`, { transactions });
  expect(res.status).toBe(200);
}

async function counters(p: TestPredictor): Promise<{ alert: number; resets: number }> {
  const e = await scrape(p.url);
  return { alert: valueOf(e, 'alert_counter'), resets: valueOf(e, 'predictor_alert_counter_resets_total') };
}

describe('alert_counter', () => {
  it('rises with fraud decisions only', async () => {
    const p = await predictor();
    expect(await counters(p)).toEqual({ alert: 0, resets: 0 });
    await score(p, [FRAUD_AMOUNT, LEGIT_AMOUNT, FRAUD_AMOUNT, LEGIT_AMOUNT, FRAUD_AMOUNT]);
    expect((await counters(p)).alert).toBe(3);
    await postJson(`${p.url}/v1/predict`, transaction({ tx_amount: FRAUD_AMOUNT }));
    await fetch(`${p.url}/predict?tranaction_id=1&tx_datetime=2026-04-01+10:00:00&customer_id=1&terminal_id=2&tx_amount=${FRAUD_AMOUNT}`);
    expect((await counters(p)).alert).toBe(5);
  });

  it('resets to 0 on a transaction from terminal 13, which is not counted itself', async () => {
    const p = await predictor();
    await score(p, Array(6).fill(FRAUD_AMOUNT));
    expect(await counters(p)).toEqual({ alert: 6, resets: 0 });
    await score(p, [FRAUD_AMOUNT], 13);
    expect(await counters(p)).toEqual({ alert: 0, resets: 1 });
    await score(p, [FRAUD_AMOUNT, FRAUD_AMOUNT]);
    expect(await counters(p)).toEqual({ alert: 2, resets: 1 });
  });

  it('resets on the legacy route too', async () => {
    const p = await predictor();
    await score(p, [FRAUD_AMOUNT]);
    const res = await fetch(`${p.url}/predict?tranaction_id=9&tx_datetime=2026-04-01+10:00:00&customer_id=1&terminal_id=13&tx_amount=5`);
    expect(res.status).toBe(200);
    expect(await counters(p)).toEqual({ alert: 0, resets: 1 });
  });

  it('resets on another terminal when configured so', async () => {
    const p = await predictor({ ALERT_RESET_TERMINAL_ID: '99' });
    await score(p, [FRAUD_AMOUNT, FRAUD_AMOUNT], 13);
    expect(await counters(p)).toEqual({ alert: 2, resets: 0 });
    await score(p, [LEGIT_AMOUNT], 99);
    expect(await counters(p)).toEqual({ alert: 0, resets: 1 });
  });

  it('stays put on terminal 13 with the reset disabled', async () => {
    const p = await predictor({ ALERT_RESET_TERMINAL_ID: '' });
    await score(p, [FRAUD_AMOUNT, FRAUD_AMOUNT]);
    await score(p, [LEGIT_AMOUNT, FRAUD_AMOUNT], 13);
    expect(await counters(p)).toEqual({ alert: 3, resets: 0 });
  });

  it('counts every scored transaction in "all" mode', async () => {
    const p = await predictor({ ALERT_COUNTER_MODE: 'all' });
    await score(p, [LEGIT_AMOUNT, FRAUD_AMOUNT, LEGIT_AMOUNT, LEGIT_AMOUNT]);
    expect((await counters(p)).alert).toBe(4);
    await score(p, [LEGIT_AMOUNT], 13);
    await score(p, [LEGIT_AMOUNT]);
    expect(await counters(p)).toEqual({ alert: 1, resets: 1 });
  });

  it('is per process: another predictor starts from 0', async () => {
    const a = await predictor();
    const b = await predictor();
    await score(a, [FRAUD_AMOUNT]);
    expect((await counters(a)).alert).toBe(1);
    expect((await counters(b)).alert).toBe(0);
  });
});
