/**
 * The predictor's Prometheus metrics, created from the catalogue on a registry of their own
 * (never prom-client's global one), plus Node's default process metrics unless turned off.
 */
import type { OnlineStore } from '@fraudwatch/feature-store';
import {
  DECISIONS,
  ENTITY_KINDS,
  FEATURE_STORE_OPERATIONS,
  FEEDBACK_DECISIONS,
  catalogue,
  type Decision,
  type EntityKind,
  type FeatureStoreOperation,
} from '@fraudwatch/metrics';
import type { ModelCard } from '@fraudwatch/model';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { metric, tallyCounter, tallyHistogram, tallyHistograms } from './catalogue-metrics.js';
import type { ScoreDrift } from './drift.js';
import type { Readiness } from './readiness.js';

function decisionSeries(model_version: string) {
  return Object.fromEntries(DECISIONS.map((decision) => [decision, { model_version, decision }])) as Record<
    Decision,
    { model_version: string; decision: Decision }
  >;
}

function operationSeries() {
  return Object.fromEntries(FEATURE_STORE_OPERATIONS.map((operation) => [operation, { operation }])) as Record<
    FeatureStoreOperation,
    { operation: FeatureStoreOperation }
  >;
}

export interface MetricsDeps {
  /** The loaded model: its version labels the model metrics, its card fills predictor_model_info. */
  readonly card: ModelCard;
  /**
   * Read on every scrape: predictor_feature_store_entities and alert_counter (with Redis, the value
   * every replica shares). A store that cannot answer leaves the last values.
   */
  readonly featureStore: Pick<OnlineStore, 'entityCounts' | 'alertCounter'>;
  /** Read on every scrape for predictor_ready (so it follows the store too, probed or not). */
  readonly isReady: Readiness['isReady'];
  /** Read on every scrape for predictor_score_drift_psi; undefined when drift monitoring is off. */
  readonly scoreDrift: Pick<ScoreDrift, 'psi'> | undefined;
  /**
   * Node's default process metrics (on unless false). They start an event-loop delay monitor and
   * a GC observer that live as long as the process, so a process building many apps (the tests)
   * turns them off for all but the ones that check them.
   */
  readonly defaultMetrics?: boolean;
}

export function createMetrics({ card, featureStore, isReady, scoreDrift, defaultMetrics = true }: MetricsDeps) {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });

  const sizeKeys: Record<EntityKind, 'customers' | 'terminals'> = { customer: 'customers', terminal: 'terminals' };
  // A scrape must not fail because the store is down (each read is bounded by its timeout): the last values stay.
  const unlessUnavailable = <T>(read: Promise<T>): Promise<T | undefined> => read.catch(() => undefined);
  const model_version = card.version;
  const metrics = {
    registry,
    httpRequests: metric(registry, catalogue.httpRequests),
    httpRequestDuration: metric(registry, catalogue.httpRequestDuration),
    httpRequestsInFlight: metric(registry, catalogue.httpRequestsInFlight),
    // Recorded for every scored transaction, always with the one model version.
    predictions: tallyCounter(registry, catalogue.predictions, decisionSeries(model_version)),
    fraudProbability: tallyHistogram(registry, catalogue.fraudProbability, { model_version }),
    inferenceDuration: tallyHistogram(registry, catalogue.inferenceDuration, { model_version }),
    feedback: metric(registry, catalogue.feedback),
    modelInfo: metric(registry, catalogue.modelInfo),
    ready: metric(registry, catalogue.ready, async function collect() {
      this.set((await isReady()) ? 1 : 0);
    }),
    featureStoreEntities: metric(registry, catalogue.featureStoreEntities, async function collect() {
      const counts = await unlessUnavailable(featureStore.entityCounts());
      if (counts) for (const kind of ENTITY_KINDS) this.set({ kind }, counts[sizeKeys[kind]]);
    }),
    featureStoreDuration: tallyHistograms(registry, catalogue.featureStoreDuration, operationSeries()),
    featureStoreErrors: tallyCounter(registry, catalogue.featureStoreErrors, operationSeries()),
    // No series until the window holds enough scores: a PSI over a handful of them would page for nothing.
    scoreDrift: metric(registry, catalogue.scoreDrift, function collect() {
      const psi = scoreDrift?.psi();
      if (psi !== undefined) this.set({ model_version: card.version }, psi);
    }),
    alertCounter: metric(registry, catalogue.alertCounter, async function collect() {
      const value = await unlessUnavailable(featureStore.alertCounter());
      if (value !== undefined) this.set(value);
    }),
    alertCounterResets: metric(registry, catalogue.alertCounterResets),
    alertCounterResetsRefused: metric(registry, catalogue.alertCounterResetsRefused),
  };

  // Series exist from the first scrape, so rate() and ratios work before the first event.
  metrics.modelInfo.set({ model_name: card.name, model_version, trained_at: card.trainedAt }, 1);
  for (const decision of FEEDBACK_DECISIONS) {
    for (const label of DECISIONS) metrics.feedback.inc({ model_version, decision, label }, 0);
  }
  metrics.alertCounterResets.inc(0);
  metrics.alertCounterResetsRefused.inc(0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
