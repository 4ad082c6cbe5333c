/**
 * Reads transactions in the handbook's CSV layout (TRANSACTION_ID, TX_DATETIME, CUSTOMER_ID,
 * TERMINAL_ID, TX_AMOUNT, TX_FRAUD; other columns are ignored), sorted into event-time order.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { isFraudSchema, transactionInputSchema } from '@fraudwatch/model';
import type { TrainingTransaction } from './replay.js';

/** The handbook's columns and the wire fields whose rules they follow. */
const COLUMNS = {
  TRANSACTION_ID: 'transaction_id',
  TX_DATETIME: 'tx_datetime',
  CUSTOMER_ID: 'customer_id',
  TERMINAL_ID: 'terminal_id',
  TX_AMOUNT: 'tx_amount',
  TX_FRAUD: 'is_fraud',
} as const;
type Column = keyof typeof COLUMNS;
const COLUMN_OF_FIELD = new Map(Object.entries(COLUMNS).map(([column, field]) => [field as string, column]));

export class CsvInputError extends Error {
  override readonly name = 'CsvInputError';
}

/** A numeric cell as the wire would carry it: empty is missing (not 0), text is NaN, both rejected. */
function numberCell(cell: string): number | undefined {
  return cell === '' ? undefined : Number(cell);
}

/** `where: problem` for each issue, the wire field's path named by its CSV column. */
function issueMessages(issues: readonly z.core.$ZodIssue[], where: string): string[] {
  return issues.map((i) => `${where}, column ${COLUMN_OF_FIELD.get(String(i.path[0])) ?? String(i.path[0])}: ${i.message}`);
}

/**
 * Parses the handbook layout, each row checked by the same rules as the wire schema (so an empty
 * cell, a negative amount, a fractional id or TX_FRAUD = 2 is an error naming line and column).
 */
export function parseTransactionsCsv(text: string, source = 'CSV'): TrainingTransaction[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const at = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((name) => {
      const i = header.indexOf(name);
      if (i < 0) throw new CsvInputError(`${source}: missing column ${name} (header: ${header.join(',')})`);
      return [name, i];
    }),
  ) as Record<Column, number>;
  const out: TrainingTransaction[] = [];
  for (let n = 1; n < lines.length; n++) {
    const cells = lines[n]!.split(',');
    const cell = (name: Column): string => (cells[at[name]] ?? '').trim();
    const tx = transactionInputSchema.safeParse({
      transaction_id: numberCell(cell('TRANSACTION_ID')),
      tx_datetime: cell('TX_DATETIME'),
      customer_id: numberCell(cell('CUSTOMER_ID')),
      terminal_id: numberCell(cell('TERMINAL_ID')),
      tx_amount: numberCell(cell('TX_AMOUNT')),
    });
    const fraud = isFraudSchema.safeParse(numberCell(cell('TX_FRAUD')));
    if (!tx.success || !fraud.success) {
      const issues = [...(tx.error?.issues ?? []), ...(fraud.error?.issues.map((i) => ({ ...i, path: [COLUMNS.TX_FRAUD] })) ?? [])];
      throw new CsvInputError(issueMessages(issues, `${source} line ${n + 1}`).join('; '));
    }
    out.push({ ...tx.data, isFraud: fraud.data });
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
