/** Versioning and writing: a fitted model and its facts become a versioned artifact file. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ARTIFACT_SCHEMA_VERSION, DEFAULT_MODEL_PATH, FEATURE_NAMES, type ModelArtifact } from '@fraudwatch/model';
import type { FittedModel } from './learners/training-set.js';

/** Where the predictor finds its models; a relative `--out` is taken inside it. */
export const ARTIFACTS_DIR = dirname(DEFAULT_MODEL_PATH);

export interface ArtifactContents {
  readonly algorithm: string;
  readonly model: FittedModel;
  readonly threshold: number;
  readonly metrics: ModelArtifact['metrics'];
  readonly training: ModelArtifact['training'];
  readonly reference: ModelArtifact['reference'];
  readonly trainedAt: Date;
}

/** The trained date and a hash of the parameters: equal models trained the same day share a version. */
function modelVersion(model: FittedModel, trainedAt: string): string {
  const digest = createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 8);
  return `${trainedAt.slice(0, 10)}.${digest}`;
}

export function buildArtifact(c: ArtifactContents): ModelArtifact {
  const trainedAt = c.trainedAt.toISOString();
  return {
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    name: 'fraudwatch-fraud-model',
    version: modelVersion(c.model, trainedAt),
    algorithm: c.algorithm,
    trainedAt,
    features: [...FEATURE_NAMES],
    scaling: c.model.scaling,
    parameters: c.model.parameters,
    threshold: c.threshold,
    metrics: c.metrics,
    training: c.training,
    reference: c.reference,
  };
}

const BOOSTER_SLOT = '"(the booster file)"';

/**
 * The artifact's JSON. An XGBoost booster is written as the text XGBoost saved, not re-serialised:
 * JavaScript writes XGBoost's 1.0 as 1, and the booster should stay the file that was trained.
 */
function artifactJson(artifact: ModelArtifact, boosterText: string | undefined): string {
  if (boosterText === undefined) return JSON.stringify(artifact);
  const { parameters } = artifact;
  if (parameters.kind !== 'xgboost' || JSON.stringify(JSON.parse(boosterText)) !== JSON.stringify(parameters.booster)) {
    throw new Error('boosterText must be the text of the artifact\'s XGBoost booster');
  }
  const json = JSON.stringify({ ...artifact, parameters: { kind: 'xgboost', booster: JSON.parse(BOOSTER_SLOT) as string } });
  return json.replace(BOOSTER_SLOT, () => boosterText.trim());
}

/**
 * Writes the artifact to `out`, an absolute path or one relative to ARTIFACTS_DIR; returns the
 * path written. `boosterText`: the file an XGBoost artifact's booster was read from.
 */
export function saveModelArtifact(out: string, artifact: ModelArtifact, boosterText?: string): string {
  const path = resolve(ARTIFACTS_DIR, out);
  writeFileSync(path, `${artifactJson(artifact, boosterText)}\n`);
  return path;
}
