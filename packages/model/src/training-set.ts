/** What every learner fits on: feature vectors in FEATURE_NAMES order and their labels, row for row. */
export interface TrainingSet {
  readonly rows: readonly Float64Array[];
  readonly labels: readonly boolean[];
}
