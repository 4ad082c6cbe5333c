/**
 * The training pipeline on the handbook's protocol: replay a labelled stream through the online
 * feature store, fit on one week, skip the label delay, test on the following week, and build the
 * artifact with its evaluation, threshold and reference distribution. `evaluateOnProtocol` is the
 * part any pair of scorers goes through (the built-in learners here, a model trained elsewhere in
 * import-artifact.ts), so every model is measured by the same code.
 */
import { createScorer, type ModelArtifact } from '@fraudwatch/model';
import { fit, type FitOptions } from './algorithm.js';
import { buildArtifact, type ArtifactContents } from './artifact.js';
import { bestF1Threshold, evaluate, type Evaluation } from './evaluation.js';
import { DEFAULT_PROTOCOL, type ProtocolOptions } from './protocol.js';
import { protocolSets, type ProtocolSets } from './protocol-sets.js';
import { buildReference } from './reference.js';
import type { TrainingTransaction } from './replay.js';

export interface TrainOptions extends FitOptions {
  readonly protocol: ProtocolOptions;
  /** Facts about the data recorded in the artifact (seed, sizes or CSV file). */
  readonly source: Readonly<Record<string, string | number>>;
  readonly now: Date;
}

export interface TrainResult {
  readonly artifact: ModelArtifact;
  readonly validation: Evaluation;
  readonly test: Evaluation;
}

/** A fitted model's probabilities for rows' feature vectors. */
export type RowScorer = (features: Float64Array) => number;

/** What the artifact records of the evaluation; the threshold is the F1-best on the validation week (the test week is never used for a choice). */
export interface ProtocolEvaluation extends Pick<ArtifactContents, 'threshold' | 'metrics' | 'reference'> {
  readonly validation: Evaluation;
  readonly test: Evaluation;
}

/** Measures a model fitted on `validationFit` and one fitted on `train` as the handbook does. */
export function evaluateOnProtocol(sets: ProtocolSets, models: { readonly validation: RowScorer; readonly test: RowScorer }): ProtocolEvaluation {
  const validationScores = Float64Array.from(sets.validation, (r) => models.validation(r.features));
  const validation = evaluate(sets.validation, validationScores);
  const { threshold } = bestF1Threshold(validationScores, sets.validation.map((r) => r.isFraud));
  const scores = Float64Array.from(sets.test, (r) => models.test(r.features));
  const test = evaluate(sets.test, scores);
  const metrics = {
    test_auc_roc: test.aucRoc,
    test_average_precision: test.averagePrecision,
    test_card_precision_at_100: test.cardPrecisionAt100,
    test_transactions: test.transactions,
    test_frauds: test.frauds,
    validation_auc_roc: validation.aucRoc,
    validation_average_precision: validation.averagePrecision,
    validation_card_precision_at_100: validation.cardPrecisionAt100,
    train_transactions: sets.train.length,
    train_frauds: sets.train.filter((r) => r.isFraud).length,
  };
  return { validation, test, threshold, metrics, reference: buildReference(sets.test, scores) };
}

export function train(stream: Iterable<TrainingTransaction>, options: Partial<TrainOptions> = {}): TrainResult {
  const protocol = { ...DEFAULT_PROTOCOL, ...options.protocol };
  const sets = protocolSets(stream, protocol);
  const fitOptions: FitOptions = {
    algorithm: options.algorithm ?? 'gradient-boosting',
    boosting: options.boosting ?? {},
    forest: options.forest ?? {},
    logistic: options.logistic ?? {},
  };
  const validationModel = fit(sets.validationFit, fitOptions);
  const model = fit(sets.train, fitOptions);
  // Scored through the artifact's own scorer, as serving will.
  const { validation, test, threshold, metrics, reference } = evaluateOnProtocol(sets, {
    validation: createScorer(validationModel.parameters, validationModel.scaling),
    test: createScorer(model.parameters, model.scaling),
  });
  const artifact = buildArtifact({
    algorithm: fitOptions.algorithm,
    model,
    threshold,
    metrics,
    training: { ...options.source, ...protocol },
    reference,
    trainedAt: options.now ?? new Date(),
  });
  return { artifact, validation, test };
}
