/**
 * The training pipeline on the handbook's protocol: replay a labelled stream through the online
 * feature store, fit on one week, skip the label delay, test on the following week, and build the
 * artifact with its evaluation, threshold and reference distribution.
 */
import type { ModelArtifact } from '@fraudwatch/model';
import { fit, scoreRows, type FitOptions } from './algorithm.js';
import { buildArtifact } from './artifact.js';
import { bestF1Threshold, evaluate, type Evaluation } from './evaluation.js';
import { DEFAULT_PROTOCOL, protocolPeriods, type ProtocolOptions } from './protocol.js';
import { buildReference } from './reference.js';
import { inPeriod, replay, testRows, type TrainingTransaction } from './replay.js';

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

export function train(stream: Iterable<TrainingTransaction>, options: Partial<TrainOptions> = {}): TrainResult {
  const protocol = { ...DEFAULT_PROTOCOL, ...options.protocol };
  const periods = protocolPeriods(protocol);
  const data = replay(stream, periods.validationFit.from, periods.test.to, protocol.delayDays);
  const fitOptions: FitOptions = {
    algorithm: options.algorithm ?? 'gradient-boosting',
    boosting: options.boosting ?? {},
    forest: options.forest ?? {},
    logistic: options.logistic ?? {},
  };

  const validationModel = fit(inPeriod(data.rows, periods.validationFit), fitOptions);
  const validationRows = testRows(data, periods.validationFit, periods.validationTest, protocol.delayDays);
  const validationScores = scoreRows(validationModel, validationRows);
  const validation = evaluate(validationRows, validationScores);
  const { threshold } = bestF1Threshold(validationScores, validationRows.map((r) => r.isFraud));

  const fitRows = inPeriod(data.rows, periods.fit);
  const model = fit(fitRows, fitOptions);
  const rows = testRows(data, periods.fit, periods.test, protocol.delayDays);
  const scores = scoreRows(model, rows);
  const test = evaluate(rows, scores);

  const artifact = buildArtifact({
    algorithm: fitOptions.algorithm,
    model,
    threshold,
    metrics: {
      test_auc_roc: test.aucRoc,
      test_average_precision: test.averagePrecision,
      test_card_precision_at_100: test.cardPrecisionAt100,
      test_transactions: test.transactions,
      test_frauds: test.frauds,
      validation_auc_roc: validation.aucRoc,
      validation_average_precision: validation.averagePrecision,
      validation_card_precision_at_100: validation.cardPrecisionAt100,
      train_transactions: fitRows.length,
      train_frauds: fitRows.filter((r) => r.isFraud).length,
    },
    training: { ...options.source, ...protocol },
    reference: buildReference(rows, scores),
    trainedAt: options.now ?? new Date(),
  });
  return { artifact, validation, test };
}
