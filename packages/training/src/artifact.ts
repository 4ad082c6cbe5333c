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

/** Writes the artifact to `out`, an absolute path or one relative to ARTIFACTS_DIR; returns the path written. */
export function saveModelArtifact(out: string, artifact: ModelArtifact): string {
  const path = resolve(ARTIFACTS_DIR, out);
  writeFileSync(path, `${JSON.stringify(artifact)}\n`);
  return path;
}
