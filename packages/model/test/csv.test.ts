import { describe, expect, it } from 'vitest';
import { CsvInputError, parseTransactionsCsv, readTransactionsCsv } from '../src/csv.js';
import { formatTxDatetime } from '../src/schema.js';
import { simulate } from '../src/simulator.js';

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

  it('names a file it cannot read', () => {
    expect(() => readTransactionsCsv('/nonexistent/tx.csv')).toThrow(/\/nonexistent\/tx\.csv: cannot be read \(ENOENT\)/);
  });
});
