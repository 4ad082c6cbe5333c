import { describe, expect, it } from 'vitest';
import { toLegacyQuery } from '../src/schema.js';

describe('toLegacyQuery', () => {
  it("writes the legacy parameters, misspelling included, with time columns counted from the start", () => {
    const start = Date.UTC(2018, 3, 1);
    const tx = { transactionId: 123, time: Date.UTC(2018, 3, 3, 0, 0, 31), customerId: 596, terminalId: 3156, amount: 57.16 };
    expect(Object.fromEntries(toLegacyQuery(tx, start))).toEqual({
      tranaction_id: '123',
      tx_datetime: '2018-04-03 00:00:31',
      customer_id: '596',
      terminal_id: '3156',
      tx_amount: '57.16',
      tx_time_seconds: String(2 * 86_400 + 31),
      tx_time_days: '2',
    });
  });
});
