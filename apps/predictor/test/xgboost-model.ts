/**
 * A real XGBoost model for the tests: a small simulation exported by @fraudwatch/training (the
 * protocol's feature CSVs) and trained by the repo's script with Debian's python3-xgboost.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES } from '@fraudwatch/model';
import { simulate } from '@fraudwatch/simulator';
import { FEATURE_CSV_FILES, FEATURE_CSV_HEADER, protocolSets, writeFeatureCsvs } from '@fraudwatch/training';

const PYTHON = '/usr/bin/python3';
const SCRIPTS = fileURLToPath(new URL('../../../packages/training/python/', import.meta.url));

function python(script: string, ...args: string[]): string {
  return execFileSync(PYTHON, [join(SCRIPTS, script), ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
}

/** Trains on a 500-customer simulation (a few seconds); returns the path of `Booster.save_model`'s JSON in `dir`. */
export function trainXGBoostModel(dir: string): string {
  const sets = protocolSets(simulate({ customers: 500, terminals: 1000, days: 71, seed: 3 }), { trainStart: '2018-05-20' });
  writeFeatureCsvs(dir, sets);
  const out = join(dir, 'xgboost-model.json');
  python('train_xgboost.py', '--train', join(dir, FEATURE_CSV_FILES.validationFit), '--validation', join(dir, FEATURE_CSV_FILES.validation), '--out', out, '--rounds', '60');
  return out;
}

export interface XGBoostScores {
  readonly probabilities: number[];
  /** Booster.predict(pred_contribs=True): one per feature, then the bias. */
  readonly contributions: number[][];
}

/** XGBoost's own scores for feature vectors given by name (as the predictor's `features` field). */
export function xgboostScores(modelPath: string, dir: string, rows: readonly Record<string, number>[]): XGBoostScores {
  const csv = join(dir, 'explained.csv');
  const lines = rows.map((features, i) => [i, '2018-01-01 00:00:00', ...FEATURE_NAMES.map((name) => String(features[name])), 0].join(','));
  writeFileSync(csv, `${[FEATURE_CSV_HEADER, ...lines].join('\n')}\n`);
  return JSON.parse(python('xgb_predict.py', '--model', modelPath, '--csv', csv)) as XGBoostScores;
}
