/**
 * Reads transactions in the handbook's CSV layout (TRANSACTION_ID, TX_DATETIME, CUSTOMER_ID,
 * TERMINAL_ID, TX_AMOUNT, TX_FRAUD; other columns are ignored), sorted into event-time order.
 */
import { readFileSync } from 'node:fs';
import { parseTxDatetime } from './schema.js';
import type { TrainingTransaction } from './train.js';

const COLUMNS = ['TRANSACTION_ID', 'TX_DATETIME', 'CUSTOMER_ID', 'TERMINAL_ID', 'TX_AMOUNT', 'TX_FRAUD'] as const;

export class CsvInputError extends Error {
  override readonly name = 'CsvInputError';
}

export function parseTransactionsCsv(text: string, source = 'CSV'): TrainingTransaction[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const at = COLUMNS.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new CsvInputError(`${source}: missing column ${name} (header: ${header.join(',')})`);
    return i;
  });
  const out: TrainingTransaction[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = lines[n]!.split(',');
    const [id, datetime, customer, terminal, amount, fraud] = at.map((i) => (cells[i] ?? '').trim());
    const time = parseTxDatetime(datetime!);
    const numbers = [id, customer, terminal, amount, fraud].map(Number);
    if (time === undefined || numbers.some((x) => !Number.isFinite(x))) {
      throw new CsvInputError(`${source} line ${n + 1}: cannot read ${JSON.stringify(lines[n])}`);
    }
    const [transactionId, customerId, terminalId, txAmount, isFraud] = numbers as [number, number, number, number, number];
    out.push({ transactionId, time, customerId, terminalId, amount: txAmount, isFraud: isFraud === 1 });
  }
  return out.sort((a, b) => a.time - b.time || a.transactionId - b.transactionId);
}

export function readTransactionsCsv(path: string): TrainingTransaction[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CsvInputError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseTransactionsCsv(text, path);
}
