/**
 * Event times later than the server's clock plus MAX_EVENT_TIME_SKEW_MS are refused on every
 * route that takes one, so a far-future transaction cannot slide a customer's feature windows
 * past its history. The clock is injected and fixed; past times (the 2018 data) stay accepted.
 */
import { formatTxDatetime } from '@fraudwatch/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCountModel, postJson, startPredictor, transaction, type TestPredictor } from './helpers.js';

// After the helpers' default event time (2026-04-01 12:30:00).
const NOW = Date.UTC(2026, 3, 2, 0, 0, 0);
const SKEW_MS = 60_000;
const AT_LIMIT = formatTxDatetime(NOW + SKEW_MS);
const BEYOND = formatTxDatetime(NOW + SKEW_MS + 1000);

let p: TestPredictor;
beforeAll(async () => {
  p = await startPredictor({ model: customerCountModel, now: () => NOW, env: { MAX_EVENT_TIME_SKEW_MS: String(SKEW_MS) } });
});
afterAll(() => p.close());

async function fieldsOf(res: Response): Promise<string[]> {
  expect(res.status).toBe(400);
  return ((await res.json()) as { details: { field: string }[] }).details.map((d) => d.field);
}

const label = (tx_datetime: string) => ({ transaction_id: 1, customer_id: 1, terminal_id: 2, tx_datetime, is_fraud: true });
const legacyQuery = (tx_datetime: string) =>
  new URLSearchParams({ tranaction_id: '1', tx_datetime, customer_id: '1', terminal_id: '2', tx_amount: '10' });

describe('event times from the future', () => {
  it('accepts a time up to the skew ahead of the clock, and past times', async () => {
    for (const tx_datetime of [AT_LIMIT, formatTxDatetime(NOW), '2018-04-01 00:00:31']) {
      expect((await postJson(`${p.url}/v1/predict`, transaction({ tx_datetime }))).status).toBe(200);
    }
    expect((await postJson(`${p.url}/v1/feedback`, label(AT_LIMIT))).status).toBe(202);
    expect((await fetch(`${p.url}/predict?${legacyQuery(AT_LIMIT)}`)).status).toBe(200);
  });

  it('refuses a time beyond it on every route, naming the field', async () => {
    expect(await fieldsOf(await postJson(`${p.url}/v1/predict`, transaction({ tx_datetime: BEYOND })))).toEqual(['tx_datetime']);
    const batch = [transaction(), transaction(), transaction({ tx_datetime: BEYOND })];
    expect(await fieldsOf(await postJson(`${p.url}/v1/predict/batch`, { transactions: batch }))).toEqual(['transactions[2].tx_datetime']);
    expect(await fieldsOf(await postJson(`${p.url}/v1/feedback`, label(BEYOND)))).toEqual(['tx_datetime']);
    expect(await fieldsOf(await postJson(`${p.url}/v1/feedback`, { labels: [label(AT_LIMIT), label(BEYOND)] }))).toEqual(['labels[1].tx_datetime']);
    expect(await fieldsOf(await fetch(`${p.url}/predict?${legacyQuery(BEYOND)}`))).toEqual(['tx_datetime']);
  });

  it("leaves the customer's history as it was", async () => {
    const customer_id = 770_001;
    const at = (minutes: number) => formatTxDatetime(NOW - 60 * 60_000 + minutes * 60_000);
    await postJson(`${p.url}/v1/predict/batch`, { transactions: [0, 1, 2].map((m) => transaction({ customer_id, tx_datetime: at(m) })) });
    const attack = await postJson(`${p.url}/v1/predict`, transaction({ customer_id, tx_datetime: '2099-12-31 23:59:59' }));
    expect(attack.status).toBe(400);
    // The fourth transaction of the day still sees the three before it.
    const next = await postJson(`${p.url}/v1/predict`, transaction({ customer_id, tx_datetime: at(3) }));
    expect(((await next.json()) as { fraud_probability: number }).fraud_probability).toBeCloseTo(0.04, 10);
  });
});
