/**
 * An XGBoost model trained elsewhere (python/train_xgboost.py on the exported sets) made into a
 * FraudWatch artifact: measured on the protocol by the same code as the built-in learners, its
 * threshold chosen the same way, and the reference score histogram drift monitoring needs.
 */
import { readFileSync } from 'node:fs';
import { loadModel, type ModelArtifact } from '@fraudwatch/model';
import { buildArtifact } from './artifact.js';
import { IDENTITY_SCALING } from './learners/training-set.js';
import type { ProtocolOptions } from './protocol.js';
import type { ProtocolSets } from './protocol-sets.js';
import { evaluateOnProtocol, type TrainResult } from './train.js';

export interface XGBoostArtifactOptions {
  /** The model fitted on the training week (`train.csv`): the one served. */
  readonly modelPath: string;
  /** The same training fitted on the validation fit week (`validation-fit.csv`): chooses the threshold. */
  readonly validationModelPath: string;
  readonly protocol: ProtocolOptions;
  readonly source: Readonly<Record<string, string | number>>;
  readonly now: Date;
}

export interface XGBoostArtifact extends TrainResult {
  /** The booster file's text, to be written into the artifact as it is (saveModelArtifact). */
  readonly boosterText: string;
}

export function xgboostArtifact(sets: ProtocolSets, o: XGBoostArtifactOptions): XGBoostArtifact {
  const served = loadModel(o.modelPath, { allowMissingReference: true });
  const forThreshold = loadModel(o.validationModelPath, { allowMissingReference: true });
  const { validation, test, threshold, metrics, reference } = evaluateOnProtocol(sets, { validation: forThreshold.predict, test: served.predict });
  const boosterText = readFileSync(o.modelPath, 'utf8');
  const parameters: ModelArtifact['parameters'] = { kind: 'xgboost', booster: JSON.parse(boosterText) as Record<string, unknown> };
  const artifact = buildArtifact({
    algorithm: served.card.algorithm,
    model: { parameters, scaling: IDENTITY_SCALING },
    threshold,
    metrics: { ...metrics, trees: served.card.metrics.trees ?? 0 },
    training: { ...o.source, ...o.protocol, trainer: 'packages/training/python/train_xgboost.py' },
    reference,
    trainedAt: o.now,
  });
  return { artifact, validation, test, boosterText };
}
