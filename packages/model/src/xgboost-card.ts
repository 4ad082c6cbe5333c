/**
 * The card of a bare XGBoost model (JSON or UBJSON): the file carries trees but no card, so it is derived
 * from the file, and the threshold comes from the caller.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { FEATURE_NAMES } from './features.js';
import type { ModelCard } from './types.js';
import { isNumberText, type XGBoostModel } from './xgboost.js';

export interface XGBoostFile {
  readonly path: string;
  /** The file's bytes, which the version is a hash of. */
  readonly bytes: Uint8Array;
  /** The file carries no training time; its modification time stands in. */
  readonly modifiedAt: Date;
  readonly threshold: number;
}

/** learner.attributes that are numbers (best_iteration, best_score, …), and the tree count. */
function fileMetrics(model: XGBoostModel): Record<string, number> {
  const numeric = Object.entries(model.attributes).filter(([, v]) => isNumberText(v));
  return { ...Object.fromEntries(numeric.map(([k, v]) => [k, Number(v)])), trees: model.trees.length };
}

export function xgboostFileCard(model: XGBoostModel, file: XGBoostFile): Omit<ModelCard, 'schemaVersion'> {
  const digest = createHash('sha256').update(file.bytes).digest('hex').slice(0, 8);
  return {
    name: basename(file.path, extname(file.path)),
    version: `xgboost-${model.xgboostVersion ?? 'unknown'}.${digest}`,
    algorithm: `xgboost ${model.objective}`,
    trainedAt: file.modifiedAt.toISOString(),
    features: model.featureNames ?? [...FEATURE_NAMES],
    threshold: file.threshold,
    metrics: fileMetrics(model),
  };
}
