import { describe, expect, it } from 'vitest';
import { formatTxDatetime } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { CsvInputError, parseTransactionsCsv, readTransactionsCsv } from '../src/csv.js';

describe('parseTransactionsCsv', () => {
  const stream = [...simulate({ customers: 50, terminals: 100, days: 3, seed: 2 })];
  // The handbook's file has an index column first and extra columns: they must be ignored.
  const header = ',TRANSACTION_ID,TX_DATETIME,CUSTOMER_ID,TERMINAL_ID,TX_AMOUNT,TX_TIME_SECONDS,TX_FRAUD,TX_FRAUD_SCENARIO';
  const line = (t: (typeof stream)[number], i: number): string =>
    [i, t.transactionId, formatTxDatetime(t.time), t.customerId, t.terminalId, t.amount, 0, t.isFraud ? 1 : 0, t.scenario].join(',');

  it('reads the handbook layout back into the same transactions, in event-time order', () => {
    const shuffled = [...stream].reverse();
    const csv = [header, ...shuffled.map(line), ''].join('\r\n');
    const parsed = parseTransactionsCsv(csv);
    expect(parsed).toEqual(stream.map(({ scenario: _, ...t }) => t));
  });

  it('names a missing column and a bad line', () => {
    expect(() => parseTransactionsCsv('TRANSACTION_ID,TX_DATETIME\n1,2018-04-01 00:00:00')).toThrow(/missing column CUSTOMER_ID/);
    const bad = [header, line(stream[0]!, 0).replace(formatTxDatetime(stream[0]!.time), '2018-02-30 00:00:00')].join('\n');
    expect(() => parseTransactionsCsv(bad, 'x.csv')).toThrow(CsvInputError);
    expect(() => parseTransactionsCsv(bad, 'x.csv')).toThrow(/x\.csv line 2/);
  });

  it.each([
    ['an empty amount', 'TX_AMOUNT', ''],
    ['a negative amount', 'TX_AMOUNT', '-5'],
    ['an amount that is not a number', 'TX_AMOUNT', '12x'],
    ['a fractional customer id', 'CUSTOMER_ID', '1.5'],
    ['an empty terminal id', 'TERMINAL_ID', ''],
    ['TX_FRAUD = 2', 'TX_FRAUD', '2'],
    ['an empty TX_FRAUD', 'TX_FRAUD', ''],
    ['an impossible date', 'TX_DATETIME', '2018-02-30 00:00:00'],
  ])('rejects %s, naming line and column', (_, column, value) => {
    const cells = line(stream[1]!, 1).split(',');
    cells[header.split(',').indexOf(column)] = value;
    const csv = [header, line(stream[0]!, 0), cells.join(',')].join('\n');
    expect(() => parseTransactionsCsv(csv, 'x.csv')).toThrow(CsvInputError);
    expect(() => parseTransactionsCsv(csv, 'x.csv')).toThrow(new RegExp(`^x\\.csv line 3, column ${column}: `));
  });

  it('names a file it cannot read', () => {
    expect(() => readTransactionsCsv('/nonexistent/tx.csv')).toThrow(/\/nonexistent\/tx\.csv: cannot be read \(ENOENT\)/);
  });
});
