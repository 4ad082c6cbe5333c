/**
 * PromQL built from the metric catalogue: a renamed metric breaks the build, not a dashboard.
 * Dashboard panels and alert rules both use these, with their own selector and windows.
 */
import { UNKNOWN_DECISION, catalogue, nodeDefaultMetrics, type Decision, type MetricDefinition } from '@fraudwatch/metrics';

type Metric = Pick<MetricDefinition, 'name' | 'type'>;

/** Prometheus writes `up` for every scrape target; it is no metric of ours. */
export const SCRAPE_HEALTH_SERIES = 'up';

/**
 * Node's default metrics come from prom-client, not our catalogue: look them up by name so that a
 * name prom-client does not expose fails at build time.
 */
export function nodeMetric(name: string): Metric {
  const found = nodeDefaultMetrics.find((m) => m.name === name);
  if (!found) throw new Error(`${name} is not one of prom-client's default metrics`);
  return found;
}

function suffix(metric: Metric, part: 'bucket' | 'sum' | 'count'): string {
  if (metric.type !== 'histogram') throw new Error(`${metric.name} is not a histogram`);
  return `${metric.name}_${part}`;
}

function by(labels: readonly string[]): string {
  return labels.length > 0 ? ` by (${labels.join(', ')})` : '';
}

/**
 * `a / b`, where a missing numerator (no such event yet) reads as 0 rather than no data: `0 * b`
 * carries b's labels, so the filler matches per kept label set (where `vector(0)` would carry none).
 */
function ratio(numerator: string, denominator: string, zeroWhenAbsent: boolean): string {
  return zeroWhenAbsent
    ? `(${numerator} or 0 * ${denominator}) / ${denominator}`
    : `${numerator} / ${denominator}`;
}

const SERVER_ERROR = 'status_code=~"5.."';
const CLIENT_ERROR = 'status_code=~"4.."';

/** Decisions and feedback labels share the catalogue's bounded values. */
const FRAUD: Decision = 'fraud';
const DECIDED_FRAUD = `decision="${FRAUD}"`;
const LABELLED_FRAUD = `label="${FRAUD}"`;
/** Feedback on a transaction the predictor never scored (or no longer remembers) carries no decision of ours. */
const DECIDED = `decision!="${UNKNOWN_DECISION}"`;

export interface QueryScope {
  /** Label matchers that select the predictor's series, e.g. `job="fraudwatch-predictor"`. */
  readonly selector: string;
  /** Labels every aggregation keeps: `job` for alerts (so alerts name their target), none on panels. */
  readonly keep: readonly string[];
  /** Panels and recorded ratios show 0 where no error (or fraud) happened yet; alerts need no such filler. */
  readonly zeroWhenAbsent: boolean;
}

export type Queries = ReturnType<typeof predictorQueries>;

export function predictorQueries(scope: QueryScope) {
  const sel = (...extra: string[]) => `{${[scope.selector, ...extra].join(', ')}}`;
  const sumBy = (labels: readonly string[], inner: string) =>
    `sum${by([...scope.keep, ...labels])} (${inner})`;
  /**
   * A value every replica exports may be one shared value (the redis feature store's counter and
   * entity counts): summing would count it once per replica, the maximum counts it once.
   */
  const maxBy = (labels: readonly string[], inner: string) =>
    `max${by([...scope.keep, ...labels])} (${inner})`;
  const sumRate = (series: string, window: string, labels: readonly string[] = [], ...extra: string[]) =>
    sumBy(labels, `rate(${series}${sel(...extra)}[${window}])`);
  const sumIncrease = (series: string, window: string, labels: readonly string[] = [], ...extra: string[]) =>
    sumBy(labels, `increase(${series}${sel(...extra)}[${window}])`);
  const quantile = (q: number, histogram: Metric, window: string, labels: readonly string[] = []) =>
    `histogram_quantile(${q}, ${sumRate(suffix(histogram, 'bucket'), window, [...labels, 'le'])})`;

  const requests = catalogue.httpRequests.name;
  const predictions = catalogue.predictions.name;
  const feedback = catalogue.feedback.name;

  return {
    requestRate: (window: string, labels: readonly string[] = []) => sumRate(requests, window, labels),
    serverErrorRatio: (window: string) =>
      ratio(sumRate(requests, window, [], SERVER_ERROR), sumRate(requests, window), scope.zeroWhenAbsent),
    clientErrorRatio: (window: string) =>
      ratio(sumRate(requests, window, [], CLIENT_ERROR), sumRate(requests, window), scope.zeroWhenAbsent),
    inFlight: () => sumBy([], `${catalogue.httpRequestsInFlight.name}${sel()}`),
    requestLatencyQuantile: (q: number, window: string, labels: readonly string[] = []) =>
      quantile(q, catalogue.httpRequestDuration, window, labels),
    inferenceLatencyQuantile: (q: number, window: string) => quantile(q, catalogue.inferenceDuration, window),
    /** Per-bucket counts for a heatmap (`le` kept, Grafana draws the buckets). */
    bucketIncrease: (histogram: Metric, window: string) =>
      sumIncrease(suffix(histogram, 'bucket'), window, ['le']),
    decisionRate: (window: string) => sumRate(predictions, window, ['decision']),
    decisionCount: (window: string) => sumIncrease(predictions, window),
    fraudShare: (window: string) =>
      ratio(sumRate(predictions, window, [], DECIDED_FRAUD), sumRate(predictions, window), scope.zeroWhenAbsent),
    /** Of the transactions flagged as fraud and later labelled, the share that was fraud. */
    livePrecision: (window: string) =>
      ratio(
        sumIncrease(feedback, window, [], DECIDED_FRAUD, LABELLED_FRAUD),
        sumIncrease(feedback, window, [], DECIDED_FRAUD),
        scope.zeroWhenAbsent,
      ),
    /** Of the scored transactions labelled fraud, the share the model had flagged. */
    liveRecall: (window: string) =>
      ratio(
        sumIncrease(feedback, window, [], DECIDED_FRAUD, LABELLED_FRAUD),
        sumIncrease(feedback, window, [], DECIDED, LABELLED_FRAUD),
        scope.zeroWhenAbsent,
      ),
    featureStoreEntities: () => maxBy(['kind'], `${catalogue.featureStoreEntities.name}${sel()}`),
    featureStoreLatencyQuantile: (q: number, window: string) =>
      quantile(q, catalogue.featureStoreDuration, window, ['operation']),
    /** Failed calls over every call timed (failed ones included), per kept label and `labels`. */
    featureStoreErrorRatio: (window: string, labels: readonly string[] = []) =>
      ratio(
        sumRate(catalogue.featureStoreErrors.name, window, labels),
        sumRate(suffix(catalogue.featureStoreDuration, 'count'), window, labels),
        scope.zeroWhenAbsent,
      ),
    modelInfo: () => `${catalogue.modelInfo.name}${sel()}`,
    ready: () => `${catalogue.ready.name}${sel()}`,
    readyReplicas: () => sumBy([], `${catalogue.ready.name}${sel()}`),
    /** The highest counter of any replica: the shared value once, or the per-process counter furthest along. */
    alertCounter: () => maxBy([], `${catalogue.alertCounter.name}${sel()}`),
    alertCounterResets: (window: string) => sumIncrease(catalogue.alertCounterResets.name, window),
    scrapeUp: () => `${SCRAPE_HEALTH_SERIES}${sel()}`,
    gauge: (metric: Metric) => `${metric.name}${sel()}`,
    counterRate: (metric: Metric, window: string, labels: readonly string[] = []) =>
      sumRate(metric.name, window, labels),
    histogramSumRate: (metric: Metric, window: string, labels: readonly string[] = []) =>
      sumRate(suffix(metric, 'sum'), window, labels),
  };
}
