/**
 * Domain types shared by features, scoring and serving (and by the simulator and training, which
 * build on them).
 * Times are epoch milliseconds in UTC: the event time of the transaction, never its arrival time.
 */

export interface Transaction {
  readonly transactionId: number;
  readonly time: number;
  readonly customerId: number;
  readonly terminalId: number;
  readonly amount: number;
}

/** A fraud label that arrives after the fact (feedback), for a transaction seen earlier. */
export interface FraudLabel {
  readonly transactionId: number;
  readonly time: number;
  readonly customerId: number;
  readonly terminalId: number;
  readonly isFraud: boolean;
}

export interface FeatureStoreOptions {
  /** Most customers tracked at once; the least recently seen is evicted beyond it. */
  readonly maxCustomers: number;
  /** Most terminals tracked at once; the least recently seen is evicted beyond it. */
  readonly maxTerminals: number;
  /** Days before a fraud label counts towards terminal risk (the handbook's 7). */
  readonly labelDelayDays: number;
}

/**
 * The online, event-time feature state that training (replaying a stream) and serving
 * (scoring one transaction at a time) both use, so features cannot skew between them.
 */
export interface FeatureStore {
  /** The feature vector of `tx` from the state before it (no mutation). */
  features(tx: Transaction): Float64Array;
  /** Records `tx` in the state. */
  record(tx: Transaction): void;
  /**
   * Records a fraud label for a transaction seen earlier (it counts once the label delay has
   * passed). True when it changed the state: a legit label, an untracked terminal or a day
   * outside the terminal's ring change nothing.
   */
  addLabel(label: FraudLabel): boolean;
  /** Undoes an `addLabel` that returned true (a fraud label corrected to legit). */
  retractLabel(label: FraudLabel): boolean;
  /** Entities currently tracked. */
  size(): { customers: number; terminals: number };
}

export interface ModelCard {
  readonly schemaVersion: number;
  readonly name: string;
  readonly version: string;
  /** How the model scores, e.g. "random-forest" or "logistic-regression". */
  readonly algorithm: string;
  readonly trainedAt: string;
  readonly features: readonly string[];
  /** Flag as fraud when the probability is at least this. */
  readonly threshold: number;
  /** Evaluation on the handbook protocol (test_auc_roc, test_average_precision, …) and training facts. */
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * Scores of the model on its test week, bucketed over [0, 1]: bucket i is [edges[i], edges[i + 1]),
 * the last one closed at 1; one count per bucket. Edges increase from 0 to 1 and the counts sum to
 * more than 0 (checked when the artifact loads).
 */
export interface ScoreHistogram {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** What the model's inputs and outputs looked like on its test week: the baseline for drift. */
export interface ModelReference {
  readonly scoreHistogram: ScoreHistogram;
  /** Per feature name: values at the given quantile probabilities. */
  readonly featureQuantiles: Readonly<Record<string, { readonly probabilities: readonly number[]; readonly values: readonly number[] }>>;
}

/**
 * Why a model gave its score: exact Shapley values on the log-odds scale (TreeSHAP for trees).
 * `bias` + the contributions = the margin, whose sigmoid is the probability.
 */
export interface Explanation {
  /** One per feature, in `card.features` order. */
  readonly contributions: Float64Array;
  /** The margin with no feature known: the model's expected margin. */
  readonly bias: number;
}

/** A loaded, ready-to-score model, whatever file it came from. */
export interface ScoringModel {
  readonly card: ModelCard;
  /** Absent when the file carries none (a bare XGBoost model): no score drift baseline then. */
  readonly reference: ModelReference | undefined;
  /** Fraud probability in [0, 1] for a feature vector in `card.features` order. */
  predict(features: Float64Array): number;
  /**
   * The contributions behind `predict(features)`, computed only when called; undefined for a
   * model that cannot explain (a random forest, or boosted trees saved without covers).
   */
  readonly explain?: (features: Float64Array) => Explanation;
}

/** A model with its reference, the baseline that score drift is measured against. */
export interface FraudModel extends ScoringModel {
  readonly reference: ModelReference;
}
