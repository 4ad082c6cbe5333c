/**
 * A model trained elsewhere made into a FraudWatch artifact: an XGBoost model as
 * `Booster.save_model` wrote it (python/train_xgboost.py), or scikit-learn's random forest as
 * forest parameters (python/sklearn_forest.py), each trained on the exported sets. It is measured
 * on the protocol by the same code as the built-in learners, its threshold chosen the same way,
 * and it gets the reference score histogram drift monitoring needs.
 */
import { readFileSync } from 'node:fs';
import { createScorer, FEATURE_NAMES, loadModel, ModelArtifactError, parseModelParameters, type ModelArtifact } from '@fraudwatch/model';
import { buildArtifact } from './artifact.js';
import { IDENTITY_SCALING } from './learners/training-set.js';
import type { ProtocolOptions } from './protocol.js';
import type { ProtocolSets } from './protocol-sets.js';
import { evaluateOnProtocol, type RowScorer, type TrainResult } from './train.js';

export interface ImportArtifactOptions {
  /** The model fitted on the training week (`train.csv`): the one served. */
  readonly modelPath: string;
  /** The same training fitted on the validation fit week (`validation-fit.csv`): chooses the threshold. */
  readonly validationModelPath: string;
  readonly protocol: ProtocolOptions;
  readonly source: Readonly<Record<string, string | number>>;
  readonly now: Date;
}

export interface ImportedArtifact extends TrainResult {
  /** An XGBoost booster file's text, to be written into the artifact as it is (saveModelArtifact). */
  readonly boosterText: string | undefined;
}

interface ModelFile {
  readonly algorithm: string;
  readonly parameters: ModelArtifact['parameters'];
  readonly predict: RowScorer;
  readonly trees: number;
  readonly trainer: string;
  readonly boosterText: string | undefined;
}

function readJson(path: string): { text: string; json: unknown } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ModelArtifactError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return { text, json: JSON.parse(text) };
  } catch (error) {
    throw new ModelArtifactError(path, `not valid JSON, truncated or corrupt (${(error as Error).message})`);
  }
}

/** Forest parameters with the features they were fitted on (sklearn_forest.py), or an XGBoost model file. */
function readModelFile(path: string): ModelFile {
  const { text, json } = readJson(path);
  const { kind, features, ...rest } = (json ?? {}) as { kind?: unknown; features?: unknown };
  if (kind !== 'forest') {
    const model = loadModel(path, { allowMissingReference: true });
    const parameters: ModelArtifact['parameters'] = { kind: 'xgboost', booster: json as Record<string, unknown> };
    const trees = model.card.metrics.trees ?? 0;
    return { algorithm: model.card.algorithm, parameters, predict: model.predict, trees, trainer: 'packages/training/python/train_xgboost.py', boosterText: text };
  }
  if (JSON.stringify(features) !== JSON.stringify(FEATURE_NAMES)) {
    throw new ModelArtifactError(path, `feature list mismatch: the forest was fitted on ${JSON.stringify(features)}, this build computes ${JSON.stringify(FEATURE_NAMES)}`);
  }
  const parameters = parseModelParameters({ kind, ...rest }, path);
  if (parameters.kind !== 'forest') throw new Error('unreachable: kind was checked to be forest');
  return {
    algorithm: 'scikit-learn random-forest',
    parameters,
    predict: createScorer(parameters, IDENTITY_SCALING),
    trees: parameters.trees.length,
    trainer: 'packages/training/python/sklearn_forest.py',
    boosterText: undefined,
  };
}

export function importArtifact(sets: ProtocolSets, o: ImportArtifactOptions): ImportedArtifact {
  const served = readModelFile(o.modelPath);
  const forThreshold = readModelFile(o.validationModelPath);
  const { validation, test, threshold, metrics, reference } = evaluateOnProtocol(sets, { validation: forThreshold.predict, test: served.predict });
  const artifact = buildArtifact({
    algorithm: served.algorithm,
    model: { parameters: served.parameters, scaling: IDENTITY_SCALING },
    threshold,
    metrics: { ...metrics, trees: served.trees },
    training: { ...o.source, ...o.protocol, trainer: served.trainer },
    reference,
    trainedAt: o.now,
  });
  return { artifact, validation, test, boosterText: served.boosterText };
}
