/**
 * Feature rows as CSV for training elsewhere (python/): transaction_id, tx_datetime, the 15
 * features in FEATURE_NAMES order, label (0/1). Numbers are written in JavaScript's shortest
 * round-trip form, so a reader parsing them as doubles gets exactly the values serving computes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEATURE_NAMES, formatTxDatetime } from '@fraudwatch/model';
import { PROTOCOL_SET_NAMES, type ProtocolSets } from './protocol-sets.js';
import type { Row } from './replay.js';

/** The file each protocol set is written to. */
export const FEATURE_CSV_FILES: Readonly<Record<keyof ProtocolSets, string>> = {
  validationFit: 'validation-fit.csv',
  validation: 'validation.csv',
  train: 'train.csv',
  test: 'test.csv',
};

export const FEATURE_CSV_HEADER = ['transaction_id', 'tx_datetime', ...FEATURE_NAMES, 'label'].join(',');

export function featureCsv(rows: readonly Row[]): string {
  const lines = rows.map((r) => `${r.transactionId},${formatTxDatetime(r.time)},${r.features.join(',')},${r.isFraud ? 1 : 0}`);
  return `${[FEATURE_CSV_HEADER, ...lines].join('\n')}\n`;
}

/** Writes the four sets into `dir` (created if needed); returns the paths written with their row counts. */
export function writeFeatureCsvs(dir: string, sets: ProtocolSets): { path: string; rows: number }[] {
  mkdirSync(dir, { recursive: true });
  return PROTOCOL_SET_NAMES.map((name) => {
    const path = join(dir, FEATURE_CSV_FILES[name]);
    writeFileSync(path, featureCsv(sets[name]));
    return { path, rows: sets[name].length };
  });
}
