/**
 * Bad input of every kind gets a 4xx JSON error naming the problem, and changes nothing:
 * not alert_counter, not the prediction or feedback counters, not the feature state.
 */
import { formatTxDatetime } from '@fraudwatch/model';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumOf, valueOf } from '@fraudwatch/metrics/testing';
import { scrape, startPredictor, transaction, type TestPredictor } from './helpers.js';

const MAX_BATCH = 5;
let p: TestPredictor;
beforeAll(async () => {
  // "all" mode: anything scored by mistake would move alert_counter.
  p = await startPredictor({ env: { ALERT_COUNTER_MODE: 'all', MAX_BATCH_SIZE: String(MAX_BATCH), BODY_LIMIT: '2kb' } });
  // Some state to compare against, and an alert_counter above 0.
  await fetch(`${p.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(transaction()) });
});
afterAll(() => p.close());

async function state() {
  const e = await scrape(p.url);
  return {
    alertCounter: valueOf(e, 'alert_counter'),
    resets: valueOf(e, 'predictor_alert_counter_resets_total'),
    predictions: sumOf(e, 'predictor_predictions_total'),
    probabilities: sumOf(e, 'predictor_fraud_probability_count'),
    feedback: sumOf(e, 'predictor_feedback_total'),
    entities: sumOf(e, 'predictor_feature_store_entities'),
    store: await p.store.entityCounts(),
  };
}

interface BadRequest {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  /** JSON-encoded unless a string. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The field the error must name. */
  readonly field: string;
}

const { tx_amount: _amount, ...withoutAmount } = transaction({ transaction_id: 1 });
const label = { transaction_id: 1, customer_id: 1, terminal_id: 13, tx_datetime: '2026-04-01 10:00:00', is_fraud: true };
const legacy = 'tranaction_id=1&tx_datetime=2026-04-01+10:00:00&customer_id=1&terminal_id=13';
// Two days ahead of the real clock: beyond the default MAX_EVENT_TIME_SKEW_MS of one day.
const future = formatTxDatetime(Date.now() + 2 * 86_400_000);
const batch = (n: number) => ({ transactions: Array.from({ length: n }, () => transaction({ terminal_id: 13 })) });

// Every valid-looking transaction here uses terminal 13, so a wrongly scored one would also reset.
const cases: BadRequest[] = [
  { name: 'malformed JSON', body: '{"transaction_id": 1,, }', status: 400, field: 'body' },
  { name: 'truncated JSON', body: '{"transaction_id": 1, "tx_am', status: 400, field: 'body' },
  { name: 'JSON null', body: 'null', status: 400, field: 'body' },
  { name: 'a JSON array instead of an object', body: [transaction({ terminal_id: 13 })], status: 400, field: 'body' },
  { name: 'text/plain body', body: JSON.stringify(transaction()), headers: { 'content-type': 'text/plain' }, status: 415, field: 'content-type' },
  { name: 'form body', body: 'transaction_id=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, field: 'content-type' },
  { name: 'unsupported charset', body: JSON.stringify(transaction()), headers: { 'content-type': 'application/json; charset=klingon' }, status: 415, field: 'content-type' },
  { name: 'unsupported content encoding', body: '{}', headers: { 'content-encoding': 'compress' }, status: 415, field: 'content-encoding' },
  { name: 'a body that is not the gzip it claims', body: '{}', headers: { 'content-encoding': 'gzip' }, status: 400, field: 'body' },
  { name: 'no body at all', body: '', status: 400, field: 'body' },
  { name: 'body over the limit', body: { ...transaction({ terminal_id: 13 }), pad: 'x'.repeat(4096) }, status: 413, field: 'body' },
  { name: 'missing tx_amount', body: withoutAmount, status: 400, field: 'tx_amount' },
  { name: 'tx_amount as a string', body: transaction({ tx_amount: '12.5', terminal_id: 13 }), status: 400, field: 'tx_amount' },
  { name: 'negative tx_amount', body: transaction({ tx_amount: -1, terminal_id: 13 }), status: 400, field: 'tx_amount' },
  { name: 'infinite tx_amount', body: JSON.stringify(transaction({ terminal_id: 13 })).replace(/"tx_amount":\d+/, '"tx_amount":1e400'), status: 400, field: 'tx_amount' },
  { name: 'fractional customer_id', body: transaction({ customer_id: 1.5, terminal_id: 13 }), status: 400, field: 'customer_id' },
  { name: 'negative customer_id', body: transaction({ customer_id: -3, terminal_id: 13 }), status: 400, field: 'customer_id' },
  { name: 'null terminal_id', body: transaction({ terminal_id: null }), status: 400, field: 'terminal_id' },
  { name: 'transaction_id beyond 2^53', body: transaction({ transaction_id: 2 ** 60, terminal_id: 13 }), status: 400, field: 'transaction_id' },
  { name: 'unparseable tx_datetime', body: transaction({ tx_datetime: 'yesterday', terminal_id: 13 }), status: 400, field: 'tx_datetime' },
  { name: 'impossible tx_datetime', body: transaction({ tx_datetime: '2026-02-30 10:00:00', terminal_id: 13 }), status: 400, field: 'tx_datetime' },
  { name: 'tx_datetime two days ahead of the clock', body: transaction({ tx_datetime: future, terminal_id: 13 }), status: 400, field: 'tx_datetime' },
  { name: 'an unknown extra field', body: { ...transaction({ terminal_id: 13 }), merchant: 'x' }, status: 400, field: 'merchant' },
  { name: 'batch with one bad transaction', path: '/v1/predict/batch', body: { transactions: [...batch(3).transactions, transaction({ tx_amount: 'NaN', terminal_id: 13 })] }, status: 400, field: 'transactions[3].tx_amount' },
  { name: 'batch with a transaction from the future', path: '/v1/predict/batch', body: { transactions: [...batch(3).transactions, transaction({ tx_datetime: future, terminal_id: 13 })] }, status: 400, field: 'transactions[3].tx_datetime' },
  { name: 'batch over the size limit', path: '/v1/predict/batch', body: batch(MAX_BATCH + 1), status: 400, field: 'transactions' },
  { name: 'empty batch', path: '/v1/predict/batch', body: batch(0), status: 400, field: 'transactions' },
  { name: 'batch that is not an array', path: '/v1/predict/batch', body: { transactions: transaction({ terminal_id: 13 }) }, status: 400, field: 'transactions' },
  { name: 'batch with an extra top-level field', path: '/v1/predict/batch', body: { ...batch(1), dry_run: true }, status: 400, field: 'dry_run' },
  { name: 'feedback without is_fraud', path: '/v1/feedback', body: { ...label, is_fraud: undefined }, status: 400, field: 'is_fraud' },
  { name: 'feedback with is_fraud "yes"', path: '/v1/feedback', body: { ...label, is_fraud: 'yes' }, status: 400, field: 'is_fraud' },
  { name: 'feedback list with a bad date', path: '/v1/feedback', body: { labels: [label, { ...label, tx_datetime: '2026-13-01 00:00:00' }] }, status: 400, field: 'labels[1].tx_datetime' },
  { name: 'feedback list with a label from the future', path: '/v1/feedback', body: { labels: [label, { ...label, tx_datetime: future }] }, status: 400, field: 'labels[1].tx_datetime' },
  { name: 'legacy route: tx_amount not a number', method: 'GET', path: `/predict?${legacy}&tx_amount=abc`, status: 400, field: 'tx_amount' },
  { name: 'legacy route: negative tx_amount', method: 'GET', path: `/predict?${legacy}&tx_amount=-5`, status: 400, field: 'tx_amount' },
  { name: 'legacy route: empty tx_amount', method: 'GET', path: `/predict?${legacy}&tx_amount=`, status: 400, field: 'tx_amount' },
  { name: 'legacy route: tx_datetime from the future', method: 'GET', path: `/predict?${new URLSearchParams({ tranaction_id: '1', tx_datetime: future, customer_id: '1', terminal_id: '13', tx_amount: '5' })}`, status: 400, field: 'tx_datetime' },
  { name: 'legacy route: missing customer_id', method: 'GET', path: `/predict?${legacy.replace('customer_id=1&', '')}&tx_amount=5`, status: 400, field: 'customer_id' },
  { name: 'legacy route: repeated terminal_id', method: 'GET', path: `/predict?${legacy}&terminal_id=14&tx_amount=5`, status: 400, field: 'terminal_id' },
  { name: 'legacy route: unknown parameter', method: 'GET', path: `/predict?${legacy}&tx_amount=5&debug=1`, status: 400, field: 'debug' },
  { name: 'legacy route: ids that disagree', method: 'GET', path: `/predict?${legacy}&tx_amount=5&transaction_id=2`, status: 400, field: 'transaction_id' },
  { name: 'unknown route', path: '/v1/predictions', body: transaction({ terminal_id: 13 }), status: 404, field: 'path' },
  { name: 'wrong method', method: 'PUT', body: transaction({ terminal_id: 13 }), status: 405, field: 'method' },
];

function send(c: Pick<BadRequest, 'method' | 'path' | 'body' | 'headers'>): Promise<Response> {
  const method = c.method ?? 'POST';
  return fetch(`${p.url}${c.path ?? '/v1/predict'}`, {
    method,
    headers: { 'content-type': 'application/json', ...c.headers },
    ...(method === 'GET' ? {} : { body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body) }),
  });
}

describe('bad input', () => {
  it('has a table of at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)('$name → $status naming $field, nothing changed', async (c) => {
    const before = await state();
    const res = await send(c);
    expect(res.status).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { error: string; details: { field: string; message: string }[] };
    expect(typeof body.error).toBe('string');
    expect(body.details.map((d) => d.field)).toContain(c.field);
    expect(JSON.stringify(body)).not.toMatch(/node_modules|at .*\.js:\d+/);
    expect(await state()).toEqual(before);
  });

  it('names every bad field of a request at once', async () => {
    const res = await send({ body: { transaction_id: -1, tx_datetime: 'soon', customer_id: 'a', terminal_id: 13, tx_amount: -2 } });
    const body = (await res.json()) as { error: string; details: { field: string }[] };
    expect(body.details.map((d) => d.field).sort()).toEqual(['customer_id', 'transaction_id', 'tx_amount', 'tx_datetime']);
    expect(body.error).toBe('invalid body: transaction_id, tx_datetime, customer_id, tx_amount');
  });

  /** Every generated request is answered with a 4xx, and the state is the same afterwards. */
  async function alwaysRefused<T>(arbitrary: fc.Arbitrary<T>, request: (value: T) => Promise<Response>, seed: number) {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const res = await request(value);
        await res.arrayBuffer();
        return res.status >= 400 && res.status < 500;
      }),
      { numRuns: 150, seed },
    );
    expect(await state()).toEqual(before);
  }

  it('random JSON bodies never get a 5xx and change nothing', async () => {
    const path = fc.constantFrom('/v1/predict', '/v1/predict/batch', '/v1/feedback');
    await alwaysRefused(fc.tuple(path, fc.jsonValue({ maxDepth: 3 })), ([path, body]) => send({ path, body }), 11);
  });

  it('random raw bodies and content types never get a 5xx and change nothing', async () => {
    const contentType = fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8', 'application/octet-stream');
    const body = fc.string({ maxLength: 300, unit: 'binary' });
    await alwaysRefused(fc.tuple(contentType, body), ([type, body]) => send({ body, headers: { 'content-type': type } }), 12);
  });

  it('random legacy-route queries never get a 5xx and change nothing', async () => {
    const key = fc.constantFrom('tranaction_id', 'transaction_id', 'tx_datetime', 'customer_id', 'terminal_id', 'tx_amount', 'x');
    const query = fc.dictionary(key, fc.string({ maxLength: 20 }));
    await alwaysRefused(query, (q) => fetch(`${p.url}/predict?${new URLSearchParams(q)}`), 13);
  });
});
