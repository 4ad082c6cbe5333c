/**
 * Property-based tests of the HTTP API with random and malformed bodies, query strings, headers,
 * paths and raw bytes: never a 5xx, never a crash, and a rejected request changes neither
 * alert_counter (nor its resets) nor the prediction and feedback counters nor the feature state.
 * The transactions that get rejected come from the reset terminal with a fraud amount, so a
 * rejected request that leaked into scoring would show up in alert_counter either way.
 */
import { parseTxDatetime } from '@fraudwatch/model';
import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAUD_AMOUNT, postJson, startPredictor, transaction, type TestPredictor } from '../helpers.js';
import { observableState } from './state.js';

const RESET_TERMINAL = 13;
const JSON_ROUTES = ['/v1/predict', '/v1/predict/batch', '/v1/feedback'] as const;
const TX_FIELDS = ['transaction_id', 'tx_datetime', 'customer_id', 'terminal_id', 'tx_amount'] as const;
const LABEL_FIELDS = ['transaction_id', 'customer_id', 'terminal_id', 'tx_datetime', 'is_fraud'] as const;
const LEGACY_PARAMS = ['tranaction_id', 'transaction_id', 'tx_datetime', 'customer_id', 'terminal_id', 'tx_amount', 'tx_time_seconds', 'tx_time_days'];
const RUNS = { numRuns: 100 } as const;

let p: TestPredictor;
beforeAll(async () => {
  p = await startPredictor();
  // alert_counter starts above 0, so that a reset leaking from a rejected request would show.
  const res = await postJson(`${p.url}/v1/predict/batch`, { transactions: [1, 2, 3].map(() => transaction({ tx_amount: FRAUD_AMOUNT })) });
  expect(res.status).toBe(200);
});
afterAll(() => p.close());

interface ErrorBody {
  readonly error: string;
  readonly details: readonly { field: string; message: string }[];
}

/** Sends a request that must be refused: a 4xx JSON error, and nothing observable changed. */
async function expectRejected(send: () => Promise<Response>): Promise<{ status: number; body: ErrorBody }> {
  const before = await observableState(p);
  const res = await send();
  const text = await res.text();
  expect(res.status, text).toBeGreaterThanOrEqual(400);
  expect(res.status, text).toBeLessThan(500);
  expect(await observableState(p)).toEqual(before);
  const body = JSON.parse(text) as ErrorBody;
  expect(typeof body.error).toBe('string');
  expect(Array.isArray(body.details)).toBe(true);
  return { status: res.status, body };
}

/** A request whose outcome may be either: never a 5xx, and when refused nothing changed. */
async function expectNoServerError(send: () => Promise<Response>): Promise<void> {
  const before = await observableState(p);
  const res = await send();
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  if (res.status >= 400) expect(await observableState(p)).toEqual(before);
}

function postText(path: string, body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Response> {
  return fetch(`${p.url}${path}`, { method: 'POST', headers, body });
}

/** `base` as JSON text with one field replaced, removed, or added (text-level, so `__proto__` stays a plain key). */
function withField(base: Record<string, unknown>, field: string, value: unknown): string {
  const rest = Object.fromEntries(Object.entries(base).filter(([key]) => key !== field));
  if (value === undefined) return JSON.stringify(rest);
  const head = JSON.stringify(rest).slice(0, -1);
  return `${head}${head.length > 1 ? ',' : ''}${JSON.stringify(field)}:${JSON.stringify(value)}}`;
}

const notAnId = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.double({ min: 2 ** 53, noDefaultInfinity: true, noNaN: true }),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.nat(), { maxLength: 2 }),
  fc.constant({}),
);
const notAnAmount = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
  fc.constant([FRAUD_AMOUNT]),
);
const notADatetime = fc.oneof(
  fc.string().filter((s) => parseTxDatetime(s) === undefined),
  fc.constantFrom('2023-02-30 10:00:00', '2023-13-01 00:00:00', '2023-01-01 24:00:00', '2023-01-01T10:00:00+25:00', '1e3'),
  fc.integer(),
  fc.constant(null),
);
const notALabel = fc.oneof(fc.integer().filter((n) => n !== 0 && n !== 1), fc.string(), fc.constant(null), fc.constant('true'));
/** `undefined` removes the field. */
const badTxValue: Record<string, fc.Arbitrary<unknown>> = {
  transaction_id: fc.oneof(notAnId, fc.constant(undefined)),
  customer_id: fc.oneof(notAnId, fc.constant(undefined)),
  terminal_id: fc.oneof(notAnId, fc.constant(undefined)),
  tx_amount: fc.oneof(notAnAmount, fc.constant(undefined)),
  tx_datetime: fc.oneof(notADatetime, fc.constant(undefined)),
  is_fraud: fc.oneof(notALabel, fc.constant(undefined)),
};
const unknownField = fc.oneof(
  fc.stringMatching(/^[a-z_]{1,12}$/).filter((key) => !(TX_FIELDS as readonly string[]).includes(key) && key !== 'is_fraud'),
  fc.constantFrom('__proto__', 'constructor', 'prototype'),
);

/** One field of `fields` made invalid or missing, or an unknown field added: [field, value]. */
function oneBadField(fields: readonly string[]): fc.Arbitrary<[string, unknown]> {
  return fc.oneof(
    fc.constantFrom(...fields).chain((field) => badTxValue[field]!.map((value): [string, unknown] => [field, value])),
    fc.tuple(unknownField, fc.jsonValue()),
  );
}

const resetTx = (): Record<string, unknown> => transaction({ terminal_id: RESET_TERMINAL, tx_amount: FRAUD_AMOUNT });

describe('JSON routes', () => {
  // Random JSON values and random text are in ../bad-input.test.ts; these are near misses and raw bytes.
  it('refuse truncated JSON and arbitrary bytes', async () => {
    const truncated = fc
      .jsonValue()
      .map((v) => JSON.stringify({ transactions: [v] }))
      .chain((text) => fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)));
    const body = fc.oneof(truncated, fc.uint8Array({ maxLength: 256 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_ROUTES), body, async (route, bytes) => {
        const { status } = await expectRejected(() => postText(route, bytes));
        expect(status).toBe(400);
      }),
      RUNS,
    );
  });

  it('POST /v1/predict refuses a transaction with one bad, missing or unknown field, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(oneBadField(TX_FIELDS), async ([field, value]) => {
        const { status, body } = await expectRejected(() => postText('/v1/predict', withField(resetTx(), field, value)));
        expect(status).toBe(400);
        expect(body.details.map((d) => d.field)).toContain(field);
      }),
      RUNS,
    );
  });

  it('POST /v1/predict/batch refuses the whole batch when one transaction is bad, naming its index', async () => {
    const batch = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat(), oneBadField(TX_FIELDS));
    await fc.assert(
      fc.asyncProperty(batch, async ([size, at, [field, value]]) => {
        const index = at % size;
        const items = Array.from({ length: size }, (_, i) => (i === index ? withField(resetTx(), field, value) : JSON.stringify(resetTx())));
        const { status, body } = await expectRejected(() => postText('/v1/predict/batch', `{"transactions":[${items.join(',')}]}`));
        expect(status).toBe(400);
        expect(body.details.map((d) => d.field)).toContain(`transactions[${index}].${field}`);
      }),
      RUNS,
    );
  });

  it('POST /v1/feedback refuses a label with one bad, missing or unknown field, naming it', async () => {
    const { tx_amount: _amount, ...identity } = resetTx();
    await fc.assert(
      fc.asyncProperty(oneBadField(LABEL_FIELDS), async ([field, value]) => {
        const { status, body } = await expectRejected(() => postText('/v1/feedback', withField({ ...identity, is_fraud: true }, field, value)));
        expect(status).toBe(400);
        expect(body.details.map((d) => d.field)).toContain(field);
      }),
      RUNS,
    );
  });
});

describe('GET /predict (legacy query form)', () => {
  const validQuery = (): Record<string, string> => ({
    tranaction_id: String(transaction().transaction_id),
    tx_datetime: '2026-04-01 10:00:00',
    customer_id: '5',
    terminal_id: String(RESET_TERMINAL),
    tx_amount: String(FRAUD_AMOUNT),
  });
  const notANumber = fc.oneof(
    fc.constantFrom('', '-1', '1e3', ' 1', '0x10', 'NaN', 'Infinity', '1,5', '١٢'),
    fc.string().filter((s) => !/^\d+(\.\d+)?$/.test(s)),
  );
  const badParam = fc.oneof(
    fc.constantFrom('tranaction_id', 'customer_id', 'terminal_id', 'tx_amount').chain((name) => notANumber.map((v): [string, string] => [name, v])),
    fc.string().filter((s) => parseTxDatetime(s) === undefined).map((v): [string, string] => ['tx_datetime', v]),
    fc.constantFrom('customer_id', 'terminal_id', 'tx_amount', 'tx_datetime').map((name): [string, string] => [name, '']),
  );

  it('refuses a query with one bad parameter, naming it', async () => {
    await fc.assert(
      fc.asyncProperty(badParam, async ([name, value]) => {
        const query = new URLSearchParams({ ...validQuery(), [name]: value });
        const { status, body } = await expectRejected(() => fetch(`${p.url}/predict?${query}`));
        expect(status).toBe(400);
        expect(body.details.map((d) => d.field)).toContain(name);
      }),
      RUNS,
    );
  });

  it('refuses a repeated parameter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(validQuery())), async (name) => {
        const query = new URLSearchParams(validQuery());
        query.append(name, query.get(name)!);
        const { status } = await expectRejected(() => fetch(`${p.url}/predict?${query}`));
        expect(status).toBe(400);
      }),
      { numRuns: 20 },
    );
  });

  // Random parameter dictionaries are in ../bad-input.test.ts; these are raw, oddly encoded query strings.
  it('never fails on raw query strings', async () => {
    const raw = fc.oneof(
      fc.string({ unit: 'binary' }).map((s) => encodeURI(s.replace(/[\ud800-\udfff]/g, ''))),
      fc.array(fc.constantFrom(...LEGACY_PARAMS, '%', '%zz', '=', '&', '[]', '[x]=1', '__proto__', '%00', '+', '..'), { maxLength: 12 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(raw, async (query) => {
        await expectNoServerError(() => fetch(`${p.url}/predict?${query}`));
      }),
      RUNS,
    );
  });
});

describe('headers, paths and methods', () => {
  const headerName = fc.oneof(
    fc.stringMatching(/^x-[a-z0-9-]{1,20}$/),
    fc.constantFrom('accept', 'accept-encoding', 'accept-language', 'user-agent', 'x-request-id', 'x-forwarded-for', 'cookie', 'authorization', 'origin', 'referer', 'if-none-match', 'range'),
  );
  const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,80}[\x21-\x7e])?$/);

  it('extra headers do not change how a valid transaction is scored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(headerName, headerValue, { maxKeys: 8 }), async (headers) => {
        const res = await postJson(`${p.url}/v1/predict`, transaction(), headers);
        expect(res.status, await res.text()).toBe(200);
      }),
      RUNS,
    );
  });

  it('any content type or content encoding: never a 5xx, and nothing changes when refused', async () => {
    const mediaType = fc.oneof(
      fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/*', '*/*', 'application/json; charset=utf-16'),
      fc.stringMatching(/^[a-z]{1,10}\/[a-z+.-]{1,20}$/),
      headerValue,
    );
    const encoding = fc.option(fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip'), headerValue), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...JSON_ROUTES), mediaType, encoding, async (route, type, contentEncoding) => {
        const headers: Record<string, string> = { 'content-type': type, ...(contentEncoding ? { 'content-encoding': contentEncoding } : {}) };
        await expectNoServerError(() => postText(route, JSON.stringify(resetTx()), headers));
      }),
      RUNS,
    );
  });

  it('any method on any path: never a 5xx, nothing changes', async () => {
    const segment = fc.oneof(
      fc.constantFrom('v1', 'predict', 'batch', 'feedback', 'metrics', 'healthz', 'readyz', 'model', '..', '%', '%zz', '%E0%A4%A', '%00', '%2F'),
      fc.webSegment(),
    );
    const path = fc.array(segment, { maxLength: 4 }).map((segments) => `/${segments.join('/')}`);
    const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
    await fc.assert(
      fc.asyncProperty(method, path, async (m, route) => {
        const before = await observableState(p);
        const res = await fetch(`${p.url}${route}`, { method: m });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
        expect(await observableState(p)).toEqual(before);
      }),
      RUNS,
    );
  });
});

/** Writes `bytes` on a fresh connection, half-closes, and returns whatever came back. */
function rawExchange(port: number, bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.end(bytes);
  });
}

describe('raw bytes on the socket', () => {
  it('garbage and broken HTTP never get a 5xx and never stop the server', async () => {
    const port = Number(new URL(p.url).port);
    const encoder = new TextEncoder();
    const brokenRequest = fc
      .tuple(fc.constantFrom('GET', 'POST', 'BREW', ''), fc.string({ unit: 'binary' }), fc.constantFrom('HTTP/1.1', 'HTTP/9.9', ''), fc.string({ unit: 'binary' }))
      .map(([m, target, version, rest]) => encoder.encode(`${m} /${target} ${version}\r\n${rest}\r\n\r\n`));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 512 }), brokenRequest), async (bytes) => {
        const before = await observableState(p);
        const answer = await rawExchange(port, bytes);
        for (const [, status] of answer.matchAll(/HTTP\/1\.1 (\d{3})/g)) expect(Number(status)).toBeLessThan(500);
        expect(await observableState(p)).toEqual(before);
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
  });
});
