/**
 * The metric catalogue: the only place a FraudWatch metric name is spelled.
 * The predictor registers these, dashboards and alert rules query them, tests check them.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition<L extends string = string, T extends MetricType = MetricType> {
  readonly name: string;
  readonly help: string;
  readonly type: T;
  readonly labelNames: readonly L[];
  /** Histograms only: upper bounds in the metric's base unit. */
  readonly buckets?: readonly number[];
}

function define<const L extends string, const T extends MetricType>(def: MetricDefinition<L, T>): MetricDefinition<L, T> {
  return def;
}

/** Request latency: sub-millisecond scoring up to a slow second. */
const HTTP_DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
] as const;

/** Features + model evaluation take microseconds; the buckets resolve that range. */
const INFERENCE_DURATION_BUCKETS = [
  0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01,
] as const;

const PROBABILITY_BUCKETS = [
  0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99,
] as const;

/** Requests are counted and timed by the same labels, so that a ratio of the two lines up. */
const HTTP_LABELS = ['method', 'route', 'status_code'] as const;

/** A store call is a loopback or in-cluster round trip: sub-millisecond to the 100 ms timeout. */
const FEATURE_STORE_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

export const catalogue = {
  httpRequests: define({
    name: 'predictor_http_requests_total',
    help: 'HTTP requests handled, by method, route template and status code.',
    type: 'counter',
    labelNames: HTTP_LABELS,
  }),
  httpRequestDuration: define({
    name: 'predictor_http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code.',
    type: 'histogram',
    labelNames: HTTP_LABELS,
    buckets: HTTP_DURATION_BUCKETS,
  }),
  httpRequestsInFlight: define({
    name: 'predictor_http_requests_in_flight',
    help: 'HTTP requests currently being handled.',
    type: 'gauge',
    labelNames: [],
  }),
  predictions: define({
    name: 'predictor_predictions_total',
    help: 'Transactions scored, by model version and decision (fraud, legit).',
    type: 'counter',
    labelNames: ['model_version', 'decision'],
  }),
  fraudProbability: define({
    name: 'predictor_fraud_probability',
    help: 'Distribution of predicted fraud probabilities.',
    type: 'histogram',
    labelNames: ['model_version'],
    buckets: PROBABILITY_BUCKETS,
  }),
  inferenceDuration: define({
    name: 'predictor_inference_duration_seconds',
    help: 'Time to compute features and score one transaction, in seconds.',
    type: 'histogram',
    labelNames: ['model_version'],
    buckets: INFERENCE_DURATION_BUCKETS,
  }),
  feedback: define({
    name: 'predictor_feedback_total',
    help: 'Fraud labels received as feedback, by the decision made earlier and the true label.',
    type: 'counter',
    labelNames: ['model_version', 'decision', 'label'],
  }),
  modelInfo: define({
    name: 'predictor_model_info',
    help: 'The loaded model (always 1).',
    type: 'gauge',
    labelNames: ['model_name', 'model_version', 'trained_at'],
  }),
  ready: define({
    name: 'predictor_ready',
    help: '1 when the predictor is ready to score, 0 while starting or draining.',
    type: 'gauge',
    labelNames: [],
  }),
  featureStoreEntities: define({
    name: 'predictor_feature_store_entities',
    help: 'Entities tracked by the online feature store, by kind (customer, terminal).',
    type: 'gauge',
    labelNames: ['kind'],
  }),
  featureStoreDuration: define({
    name: 'predictor_feature_store_duration_seconds',
    help: 'Time the online feature store took per call, by operation.',
    type: 'histogram',
    labelNames: ['operation'],
    buckets: FEATURE_STORE_DURATION_BUCKETS,
  }),
  featureStoreErrors: define({
    name: 'predictor_feature_store_errors_total',
    help: 'Calls to the online feature store that failed or timed out, by operation.',
    type: 'counter',
    labelNames: ['operation'],
  }),
  scoreDrift: define({
    name: 'predictor_score_drift_psi',
    help:
      'Population stability index of the last N scores (DRIFT_WINDOW) against the training reference ' +
      '(0 = same; > 0.2 = significant shift).',
    type: 'gauge',
    labelNames: ['model_version'],
  }),
  alertCounter: define({
    name: 'alert_counter',
    help:
      'Fraud-flagged transactions since the last reset by a transaction from the reset terminal ' +
      '(every scored transaction with ALERT_COUNTER_MODE=all); kept from the legacy service.',
    type: 'gauge',
    labelNames: [],
  }),
  alertCounterResets: define({
    name: 'predictor_alert_counter_resets_total',
    help: 'Times alert_counter was reset by a transaction from the reset terminal.',
    type: 'counter',
    labelNames: [],
  }),
  alertCounterResetsRefused: define({
    name: 'predictor_alert_counter_resets_refused_total',
    help: 'Transactions from the reset terminal that did not reset alert_counter: their API key lacks the alert-reset role.',
    type: 'counter',
    labelNames: [],
  }),
} as const;

/** Bounded label values, by construction. */
export const DECISIONS = ['fraud', 'legit'] as const;
export type Decision = (typeof DECISIONS)[number];
/** The feedback decision for a transaction the predictor did not score, or no longer remembers. */
export const UNKNOWN_DECISION = 'unknown';
/** The decision label values of predictor_feedback_total: a decision made, or none known. */
export const FEEDBACK_DECISIONS = [...DECISIONS, UNKNOWN_DECISION] as const;
export const ENTITY_KINDS = ['customer', 'terminal'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
/** The operation label values of the feature-store metrics. */
export const FEATURE_STORE_OPERATIONS = ['lookup', 'commit', 'label', 'health'] as const;
export type FeatureStoreOperation = (typeof FEATURE_STORE_OPERATIONS)[number];
/** The route label for requests that matched no route: never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';
/**
 * The status_code label of a request whose connection closed before its response was complete
 * (the client went away, or the grace period ended): nginx's "client closed request". Such a
 * request was never answered, so it must not pass for the 200 Node presets.
 */
export const CLIENT_CLOSED_STATUS_CODE = '499';

/** Names of every catalogue metric. */
export const catalogueMetricNames: readonly string[] = Object.values(catalogue).map((m) => m.name);

/**
 * The series a metric of a given type exposes: histograms expose `_bucket`, `_sum`, `_count`.
 * Queries may name any of these.
 */
export function exposedSeriesNames(def: Pick<MetricDefinition, 'name' | 'type'>): string[] {
  return def.type === 'histogram'
    ? [`${def.name}_bucket`, `${def.name}_sum`, `${def.name}_count`]
    : [def.name];
}
