import { describe, expect, it } from 'vitest';
import {
  formatTxDatetime,
  fraudLabelInputSchema,
  MAX_TX_AMOUNT,
  parseTxDatetime,
  toFraudLabelInput,
  toTransactionInput,
  transactionInputSchema,
  TX_TIME_RANGE,
} from '../src/schema.js';

describe('parseTxDatetime', () => {
  it('reads the handbook form as UTC', () => {
    expect(parseTxDatetime('2018-04-01 00:00:31')).toBe(Date.UTC(2018, 3, 1, 0, 0, 31));
  });

  it('reads ISO 8601 with Z, with an offset, and without one (as UTC)', () => {
    expect(parseTxDatetime('2018-04-01T10:00:00Z')).toBe(Date.UTC(2018, 3, 1, 10));
    expect(parseTxDatetime('2018-04-01T12:00:00+02:00')).toBe(Date.UTC(2018, 3, 1, 10));
    expect(parseTxDatetime('2018-04-01T05:30:00-04:30')).toBe(Date.UTC(2018, 3, 1, 10));
    expect(parseTxDatetime('2018-04-01T10:00:00.250Z')).toBe(Date.UTC(2018, 3, 1, 10, 0, 0, 250));
    expect(parseTxDatetime('2018-04-01T10:00')).toBe(Date.UTC(2018, 3, 1, 10));
    expect(parseTxDatetime('2018-04-01T10:00:00.123456789+0100')).toBe(Date.UTC(2018, 3, 1, 9, 0, 0, 123));
  });

  it('applies an offset after checking the wall clock, so it may cross a day or a year', () => {
    expect(parseTxDatetime('2023-03-01T01:00:00+02:00')).toBe(Date.UTC(2023, 1, 28, 23));
    expect(parseTxDatetime('2023-12-31T23:30:00-01:00')).toBe(Date.UTC(2024, 0, 1, 0, 30));
  });

  it.each([
    '2023-02-30 10:00:00',
    '2023-02-29 10:00:00',
    '2023-13-01 10:00:00',
    '2023-01-01 24:00:00',
    '2023-01-01 10:60:00',
    '2023-02-30T10:00:00',
    '2023-04-31T10:00:00',
    '2023-02-30T10:00:00Z',
    '2023-04-31T10:00:00+02:00',
    '2023-01-01T24:00:00Z',
    '2023-01-01T23:60:00-05:00',
    '2023-01-01T10:00:60Z',
    '2023-01-01T10:00:00+24:00',
    '2023-01-01T10:00:00+01:60',
    // Date.UTC would read years 0–99 as 1900–1999.
    '0099-01-01 10:00:00',
    '2018-04-01',
    '01/04/2018 10:00:00',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(parseTxDatetime(text)).toBeUndefined();
  });

  it('accepts a leap day in a leap year', () => {
    expect(parseTxDatetime('2024-02-29 23:59:59')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });

  it('formats back to the handbook form', () => {
    const ms = Date.UTC(2018, 3, 1, 7, 19, 5);
    expect(formatTxDatetime(ms)).toBe('2018-04-01 07:19:05');
    expect(parseTxDatetime(formatTxDatetime(ms))).toBe(ms);
  });
});

describe('transactionInputSchema', () => {
  const valid = { transaction_id: 1, tx_datetime: '2018-04-01 00:00:31', customer_id: 596, terminal_id: 3156, tx_amount: 57.16 };

  it('turns the wire form into the domain type', () => {
    expect(transactionInputSchema.parse(valid)).toEqual({
      transactionId: 1,
      time: Date.UTC(2018, 3, 1, 0, 0, 31),
      customerId: 596,
      terminalId: 3156,
      amount: 57.16,
    });
  });

  it('round-trips through toTransactionInput', () => {
    const tx = transactionInputSchema.parse(valid);
    expect(toTransactionInput(tx)).toEqual(valid);
  });

  it.each([
    ['tx_amount', { tx_amount: -1 }],
    ['tx_amount', { tx_amount: '12' }],
    ['tx_amount', { tx_amount: MAX_TX_AMOUNT + 0.01 }],
    ['tx_amount', { tx_amount: 1e308 }],
    ['tx_datetime', { tx_datetime: '1999-12-31 23:59:59' }],
    ['tx_datetime', { tx_datetime: '2100-01-01T00:00:00Z' }],
    ['customer_id', { customer_id: 1.5 }],
    ['terminal_id', { terminal_id: -3 }],
    ['tx_datetime', { tx_datetime: '2023-02-30 10:00:00' }],
    ['transaction_id', { transaction_id: undefined }],
  ])('names %s when it is bad', (field, change) => {
    const result = transactionInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('accepts the edges of the amount and time ranges', () => {
    expect(transactionInputSchema.parse({ ...valid, tx_amount: MAX_TX_AMOUNT }).amount).toBe(MAX_TX_AMOUNT);
    expect(transactionInputSchema.parse({ ...valid, tx_datetime: '2000-01-01 00:00:00' }).time).toBe(TX_TIME_RANGE.from);
    expect(transactionInputSchema.parse({ ...valid, tx_datetime: '2099-12-31 23:59:59' }).time).toBe(TX_TIME_RANGE.to - 1000);
  });

  it('says what is wrong with an amount or a time out of range', () => {
    const messages = (change: object) => transactionInputSchema.safeParse({ ...valid, ...change }).error?.issues.map((i) => i.message);
    expect(messages({ tx_amount: 2e9 })).toEqual(['tx_amount must be at most 1000000000']);
    expect(messages({ tx_datetime: '1970-01-01 00:00:00' })).toEqual(['tx_datetime must be from 2000-01-01 up to 2100-01-01 (UTC)']);
  });

  it('rejects unknown fields', () => {
    expect(transactionInputSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
  });
});

describe('fraudLabelInputSchema', () => {
  it('accepts booleans and 0/1', () => {
    const base = { transaction_id: 1, customer_id: 2, terminal_id: 3, tx_datetime: '2018-04-01T00:00:00Z' };
    expect(fraudLabelInputSchema.parse({ ...base, is_fraud: 1 }).isFraud).toBe(true);
    expect(fraudLabelInputSchema.parse({ ...base, is_fraud: false }).isFraud).toBe(false);
    expect(fraudLabelInputSchema.safeParse({ ...base, is_fraud: 2 }).success).toBe(false);
  });

  it('round-trips through toFraudLabelInput', () => {
    const label = { transactionId: 7, time: Date.UTC(2018, 3, 1, 8, 30, 5), customerId: 2, terminalId: 3, isFraud: true };
    const wire = toFraudLabelInput(label);
    expect(wire).toEqual({ transaction_id: 7, customer_id: 2, terminal_id: 3, tx_datetime: '2018-04-01 08:30:05', is_fraud: true });
    expect(fraudLabelInputSchema.parse(wire)).toEqual(label);
  });
});
