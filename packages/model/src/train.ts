/**
 * The training pipeline on the handbook's protocol: replay a labelled stream through the online
 * feature store, fit on one week, skip the label delay, test on the following week, and build the
 * artifact with its evaluation, threshold and reference distribution.
 */
import { createHash } from 'node:crypto';
import { ARTIFACT_SCHEMA_VERSION, type ModelArtifact } from './artifact.js';
import { aucRoc, averagePrecision, bestF1Threshold, cardPrecisionAtK } from './evaluation.js';
import { createFeatureStore, FEATURE_NAMES } from './features.js';
import { fitBoosting, type BoostingOptions } from './boosting.js';
import { fitForest, type ForestOptions } from './forest.js';
import { fitLogistic, type LogisticOptions } from './logistic.js';
import { scoreBucket } from './reference.js';
import { parseTxDatetime } from './schema.js';
import { createScorer, type ModelParameters, type Scaling } from './score.js';
import { dayIndex } from './time.js';
import type { Transaction } from './types.js';

/** What training needs of a transaction: the transaction and its (eventual) label. */
export type TrainingTransaction = Transaction & { readonly isFraud: boolean };

export interface ProtocolOptions {
  /** First day of the training week, "YYYY-MM-DD" (the handbook's 2018-07-25). */
  readonly trainStart: string;
  readonly trainDays: number;
  readonly delayDays: number;
  readonly testDays: number;
}

export const DEFAULT_PROTOCOL: ProtocolOptions = { trainStart: '2018-07-25', trainDays: 7, delayDays: 7, testDays: 7 };

/** Days are epoch day indices; ranges are [from, to). */
interface Period {
  readonly from: number;
  readonly to: number;
}

export interface Periods {
  /** The same protocol one week earlier: a model fitted here and tested on `validationTest` picks the threshold. */
  readonly validationFit: Period;
  readonly validationTest: Period;
  readonly fit: Period;
  readonly test: Period;
}

/** The epoch day of a "YYYY-MM-DD" date; `name` names the option in the error. */
export function epochDay(date: string, name: string): number {
  const time = parseTxDatetime(`${date} 00:00:00`);
  if (time === undefined) throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${date}`);
  return dayIndex(time);
}

export function protocolPeriods(p: ProtocolOptions): Periods {
  const start = epochDay(p.trainStart, 'trainStart');
  const fit = { from: start, to: start + p.trainDays };
  const test = { from: fit.to + p.delayDays, to: fit.to + p.delayDays + p.testDays };
  const validationFit = { from: start - p.delayDays - p.trainDays, to: start - p.delayDays };
  const validationTest = { from: start, to: start + p.testDays };
  return { validationFit, validationTest, fit, test };
}

/** Last day (exclusive) a stream must reach for the protocol. */
export function protocolEnd(p: ProtocolOptions): number {
  return protocolPeriods(p).test.to;
}

export interface Row {
  readonly features: Float64Array;
  readonly isFraud: boolean;
  readonly day: number;
  readonly customerId: number;
}

interface Replay {
  readonly rows: Row[];
  /** Customers with a fraud, by day: what the bank learns once a label arrives. */
  readonly fraudCustomersByDay: Map<number, Set<number>>;
}

/**
 * Replays the stream in event-time order through one feature store, keeping the rows of days in
 * [from, to). Labels are given to the store right after each transaction: the terminal windows
 * only read days at least the label delay old, so a label is used only once its day is that old
 * (the same as revealing it after the delay, up to the boundary-day skew features.ts describes).
 */
export function replay(stream: Iterable<TrainingTransaction>, from: number, to: number, labelDelayDays: number): Replay {
  const store = createFeatureStore({ labelDelayDays });
  const rows: Row[] = [];
  const fraudCustomersByDay = new Map<number, Set<number>>();
  let lastTime = -Infinity;
  for (const tx of stream) {
    if (tx.time < lastTime) throw new RangeError(`transaction ${tx.transactionId} is out of event-time order`);
    lastTime = tx.time;
    const day = dayIndex(tx.time);
    if (day >= to) break;
    const features = store.features(tx);
    store.record(tx);
    store.addLabel(tx);
    if (day < from) continue;
    rows.push({ features, isFraud: tx.isFraud, day, customerId: tx.customerId });
    if (tx.isFraud) {
      let set = fraudCustomersByDay.get(day);
      if (!set) fraudCustomersByDay.set(day, (set = new Set()));
      set.add(tx.customerId);
    }
  }
  return { rows, fraudCustomersByDay };
}

function inPeriod(rows: readonly Row[], p: Period): Row[] {
  return rows.filter((r) => r.day >= p.from && r.day < p.to);
}

/**
 * The test rows without the cards already known to be compromised: those with a fraud from the
 * start of the fit period up to the day before the label delay of each test day.
 */
export function testRows(r: Replay, fit: Period, test: Period, delayDays: number): Row[] {
  return inPeriod(r.rows, test).filter((row) => {
    for (let d = fit.from; d < row.day - delayDays; d++) {
      if (r.fraudCustomersByDay.get(d)?.has(row.customerId)) return false;
    }
    return true;
  });
}

export interface Evaluation {
  readonly aucRoc: number;
  readonly averagePrecision: number;
  readonly cardPrecisionAt100: number;
  readonly transactions: number;
  readonly frauds: number;
}

export function evaluate(rows: readonly Row[], scores: Float64Array): Evaluation {
  const labels = rows.map((r) => r.isFraud);
  return {
    aucRoc: aucRoc(scores, labels),
    averagePrecision: averagePrecision(scores, labels),
    cardPrecisionAt100: cardPrecisionAtK(
      rows.map((r, i) => ({ day: r.day, customerId: r.customerId, score: scores[i]!, isFraud: r.isFraud })),
      100,
    ),
    transactions: rows.length,
    frauds: labels.filter(Boolean).length,
  };
}

const IDENTITY_SCALING: Scaling = {
  mean: FEATURE_NAMES.map(() => 0),
  scale: FEATURE_NAMES.map(() => 1),
};

function scoreRows({ parameters, scaling }: Fitted, rows: readonly Row[]): Float64Array {
  const score = createScorer(parameters, scaling);
  return Float64Array.from(rows, (r) => score(r.features));
}

export const ALGORITHMS = ['gradient-boosting', 'random-forest', 'logistic-regression'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export interface FitOptions {
  readonly algorithm: Algorithm;
  readonly boosting: Partial<BoostingOptions>;
  readonly forest: Partial<ForestOptions>;
  readonly logistic: Partial<LogisticOptions>;
}

interface Fitted {
  readonly parameters: ModelParameters;
  readonly scaling: Scaling;
}

function fit(rows: readonly Row[], o: FitOptions): Fitted {
  const data = { rows: rows.map((r) => r.features), labels: rows.map((r) => r.isFraud) };
  switch (o.algorithm) {
    case 'gradient-boosting':
      return { parameters: fitBoosting(data, o.boosting).parameters, scaling: IDENTITY_SCALING };
    case 'random-forest':
      return { parameters: fitForest(data, o.forest).parameters, scaling: IDENTITY_SCALING };
    case 'logistic-regression':
      return fitLogistic(data, o.logistic);
  }
}

const SCORE_EDGES = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
const REFERENCE_FEATURES = ['tx_amount', 'customer_nb_tx_1day', 'customer_avg_amount_30day', 'terminal_nb_tx_30day', 'terminal_risk_30day'];

function quantiles(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).sort();
  return QUANTILES.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

function reference(rows: readonly Row[], scores: Float64Array): ModelArtifact['reference'] {
  const counts = new Array<number>(SCORE_EDGES.length - 1).fill(0);
  for (const s of scores) {
    counts[scoreBucket(SCORE_EDGES, s)]! += 1;
  }
  const featureQuantiles = Object.fromEntries(
    REFERENCE_FEATURES.map((name) => {
      const column = FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);
      return [name, { probabilities: QUANTILES, values: quantiles(Float64Array.from(rows, (r) => r.features[column]!)) }];
    }),
  );
  return { scoreHistogram: { edges: SCORE_EDGES, counts }, featureQuantiles };
}

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

  const trainedAt = (options.now ?? new Date()).toISOString();
  const digest = createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 8);
  const artifact: ModelArtifact = {
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    name: 'fraudwatch-fraud-model',
    version: `${trainedAt.slice(0, 10)}.${digest}`,
    algorithm: fitOptions.algorithm,
    trainedAt,
    features: [...FEATURE_NAMES],
    scaling: model.scaling,
    parameters: model.parameters,
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
    reference: reference(rows, scores),
  };
  return { artifact, validation, test };
}
