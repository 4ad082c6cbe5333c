/**
 * The security items of issue 7, over real HTTP: size, batch and header limits, strict content
 * types, no internals in any response (a 500 included), no x-powered-by, request ids in the logs
 * and no transaction values in them at info level.
 */
import { toLegacyQuery, toTransactionInput } from '@fraudwatch/model';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountModel, postJson, startPredictor, transaction, type TestPredictor } from '../helpers.js';
import { captureLogs } from './log-capture.js';
import { observableState } from './state.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const STACK_FRAME = /\bat .*(\(|:\d+:\d+)/;

/** A model that fails as a bug would: its error message carries an internal path. */
const brokenModel = {
  card: amountModel.card,
  reference: amountModel.reference,
  predict: (): number => {
    throw new Error(`broken model in ${fileURLToPath(import.meta.url)}`);
  },
};

function expectNoInternals(body: string): void {
  expect(body).not.toMatch(STACK_FRAME);
  expect(body).not.toContain(REPO_ROOT);
  expect(body).not.toContain('node_modules');
}

let p: TestPredictor;
beforeAll(async () => {
  p = await startPredictor({ env: { BODY_LIMIT: '4kb', MAX_BATCH_SIZE: '5' } });
});
afterAll(() => p.close());

describe('limits', () => {
  it('answers a body over BODY_LIMIT with 413 naming the body, and scores nothing', async () => {
    const before = await observableState(p);
    const oversized = { transactions: Array.from({ length: 60 }, () => transaction()) };
    expect(JSON.stringify(oversized).length).toBeGreaterThan(4096);
    const res = await postJson(`${p.url}/v1/predict/batch`, oversized);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ details: [{ field: 'body' }] });
    expect(await observableState(p)).toEqual(before);
  });

  it('answers a batch over MAX_BATCH_SIZE with 400 naming `transactions`, and scores nothing', async () => {
    const before = await observableState(p);
    const res = await postJson(`${p.url}/v1/predict/batch`, { transactions: Array.from({ length: 6 }, () => transaction()) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ details: [{ field: 'transactions' }] });
    expect(await observableState(p)).toEqual(before);
  });

  it("answers headers over Node's maxHeaderSize (16 KiB) with 431", async () => {
    const res = await fetch(`${p.url}/healthz`, { headers: { 'x-filler': 'a'.repeat(20 * 1024) } });
    expect(res.status).toBe(431);
    // The process is unharmed.
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
  });
});

describe('strict content types on the JSON routes', () => {
  it.each(['/v1/predict', '/v1/predict/batch', '/v1/feedback'])('%s answers text/plain with 415 naming content-type', async (path) => {
    const res = await fetch(`${p.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(transaction()),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ details: [{ field: 'content-type' }] });
  });

  it('answers a JSON body in a charset other than UTF-8 with 415', async () => {
    const res = await postJson(`${p.url}/v1/predict`, transaction(), { 'content-type': 'application/json; charset=latin1' });
    expect(res.status).toBe(415);
  });
});

describe('responses show no internals', () => {
  const requests: [string, string, RequestInit][] = [
    ['malformed JSON', '/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"transaction_id": 1,' }],
    ['wrong types', '/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"transaction_id": "x"}' }],
    ['bad content encoding', '/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' }],
    ['oversized body', '/v1/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(8192)}"` }],
    ['bad percent-encoding', '/v1/%E0%A4%A', { method: 'GET' }],
    ['bad query', '/predict?tx_amount[__proto__]=1&customer_id=-1', { method: 'GET' }],
    ['wrong method', '/metrics', { method: 'DELETE' }],
  ];

  it.each(requests)('%s: 4xx without stack frames or paths', async (_name, path, init) => {
    const res = await fetch(`${p.url}${path}`, init);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expectNoInternals(await res.text());
  });

  it('an unexpected failure is a bare 500: no message, stack or path', async () => {
    const broken = await startPredictor({ model: brokenModel });
    try {
      const res = await postJson(`${broken.url}/v1/predict`, transaction());
      expect(res.status).toBe(500);
      expect(res.headers.get('x-powered-by')).toBeNull();
      const body = await res.text();
      expect(JSON.parse(body)).toEqual({ error: 'internal error', details: [] });
      expectNoInternals(body);
      expect(body).not.toContain('broken model');
    } finally {
      await broken.close();
    }
  });
});

describe('logs', () => {
  // Values no other part of a log line could contain by chance.
  const scored = { transactionId: 77, time: Date.UTC(2026, 6, 19, 1, 2, 3), customerId: 918_273_645, terminalId: 192_837_465, amount: 4242.4242 };
  const tx = toTransactionInput(scored);
  const legacyQuery = toLegacyQuery(scored, Date.UTC(2026, 6, 1));
  const payloadValues = ['918273645', '192837465', '4242.4242', '2026-07-19'];

  it('carry the request id on every request line', async () => {
    const logs = captureLogs('info');
    const logged = await startPredictor({ logger: logs.logger });
    try {
      await fetch(`${logged.url}/healthz`, { headers: { 'x-request-id': 'reliability-req-1' } });
      await postJson(`${logged.url}/v1/predict`, { bad: true }, { 'x-request-id': 'reliability-req-2' });
      const ids = logs.records().map((r) => (r.req as { id?: unknown } | undefined)?.id);
      expect(ids).toEqual(expect.arrayContaining(['reliability-req-1', 'reliability-req-2']));
    } finally {
      await logged.close();
    }
  });

  it('carry the request id on error lines when request lines are off (LOG_LEVEL=warn)', async () => {
    const logs = captureLogs('warn');
    const broken = await startPredictor({ model: brokenModel, logger: logs.logger });
    try {
      const res = await postJson(`${broken.url}/v1/predict`, transaction(), { 'x-request-id': 'reliability-req-3' });
      expect(res.status).toBe(500);
      expect(res.headers.get('x-request-id')).toBe('reliability-req-3');
      const failed = logs.records().find((r) => r.msg === 'request failed');
      expect(failed).toMatchObject({ level: 50, req: { id: 'reliability-req-3', method: 'POST', path: '/v1/predict' } });
      // The success lines are what LOG_LEVEL=warn switches off.
      expect(logs.records()).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });

  it('hold no transaction values at info level, whether the request is scored or rejected', async () => {
    const logs = captureLogs('info');
    const logged = await startPredictor({ logger: logs.logger });
    try {
      const statuses = [
        (await postJson(`${logged.url}/v1/predict`, tx)).status,
        (await postJson(`${logged.url}/v1/predict/batch`, { transactions: [tx] })).status,
        (await fetch(`${logged.url}/predict?${legacyQuery}`)).status,
        (await postJson(`${logged.url}/v1/predict`, { ...tx, tx_amount: -4242.4242 })).status,
        (await fetch(`${logged.url}/predict?${legacyQuery}&extra=1`)).status,
      ];
      expect(statuses).toEqual([200, 200, 200, 400, 400]);
      expect(logs.records().length).toBeGreaterThanOrEqual(statuses.length);
      for (const value of payloadValues) expect(logs.text()).not.toContain(value);
    } finally {
      await logged.close();
    }
  });
});
