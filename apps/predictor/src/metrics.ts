/**
 * The predictor's Prometheus metrics, created from the catalogue on a registry of their own
 * (never prom-client's global one), plus Node's default process metrics unless turned off.
 */
import {
  DECISIONS,
  ENTITY_KINDS,
  FEEDBACK_DECISIONS,
  catalogue,
  type Decision,
  type EntityKind,
  type MetricDefinition,
} from '@fraudwatch/metrics';
import type { FeatureStore, ModelCard } from '@fraudwatch/model';
import type { ScoreDrift } from './drift.js';
import { fixedLabelHistogram } from './fixed-label-histogram.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type CollectFunction } from 'prom-client';

/** A catalogue entry as prom-client options, on `registry`, with an optional collect hook. */
function options<L extends string, M>(registry: Registry, def: MetricDefinition<L>, collect?: CollectFunction<M>) {
  return { name: def.name, help: def.help, labelNames: def.labelNames, registers: [registry], ...(collect ? { collect } : {}) };
}

function counter<L extends string>(registry: Registry, def: MetricDefinition<L>, collect?: CollectFunction<Counter<L>>) {
  return new Counter(options(registry, def, collect));
}

function gauge<L extends string>(registry: Registry, def: MetricDefinition<L>, collect?: CollectFunction<Gauge<L>>) {
  return new Gauge(options(registry, def, collect));
}

function histogram<L extends string>(registry: Registry, def: MetricDefinition<L>): Histogram<L> {
  return new Histogram({ ...options(registry, def), buckets: [...(def.buckets ?? [])] });
}

/**
 * predictor_predictions_total, counted for every scored transaction in plain numbers and added to
 * the prom-client counter when scraped: a bound child still validates and hashes its labels on
 * every inc (0.2 µs a transaction, docs/benchmarks.md).
 */
function decisionCounter(registry: Registry, model_version: string): { inc(decision: Decision): void } {
  const pending: Record<Decision, number> = { fraud: 0, legit: 0 };
  // Every decision's series from the first scrape (an inc by 0 creates it).
  counter(registry, catalogue.predictions, function collect() {
    for (const decision of DECISIONS) {
      this.inc({ model_version, decision }, pending[decision]);
      pending[decision] = 0;
    }
  });
  return {
    inc(decision) {
      pending[decision] += 1;
    },
  };
}

export interface MetricsDeps {
  /** The loaded model: its version labels the model metrics, its card fills predictor_model_info. */
  readonly card: ModelCard;
  /** Read on every scrape for predictor_feature_store_entities. */
  readonly featureStore: Pick<FeatureStore, 'size'>;
  /** Read on every scrape for predictor_score_drift_psi. */
  readonly scoreDrift: Pick<ScoreDrift, 'psi'>;
  /**
   * Node's default process metrics (on unless false). They start an event-loop delay monitor and
   * a GC observer that live as long as the process, so a process building many apps (the tests)
   * turns them off for all but the ones that check them.
   */
  readonly defaultMetrics?: boolean;
}

export function createMetrics({ card, featureStore, scoreDrift, defaultMetrics = true }: MetricsDeps) {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });

  const sizeKeys: Record<EntityKind, 'customers' | 'terminals'> = { customer: 'customers', terminal: 'terminals' };
  const model_version = card.version;
  const metrics = {
    registry,
    httpRequests: counter(registry, catalogue.httpRequests),
    httpRequestDuration: histogram(registry, catalogue.httpRequestDuration),
    httpRequestsInFlight: gauge(registry, catalogue.httpRequestsInFlight),
    predictions: decisionCounter(registry, model_version),
    // Observed for every scored transaction, always with the one model version.
    fraudProbability: fixedLabelHistogram(registry, catalogue.fraudProbability, { model_version }),
    inferenceDuration: fixedLabelHistogram(registry, catalogue.inferenceDuration, { model_version }),
    feedback: counter(registry, catalogue.feedback),
    modelInfo: gauge(registry, catalogue.modelInfo),
    ready: gauge(registry, catalogue.ready),
    featureStoreEntities: gauge(registry, catalogue.featureStoreEntities, function collect() {
      const size = featureStore.size();
      for (const kind of ENTITY_KINDS) this.set({ kind }, size[sizeKeys[kind]]);
    }),
    // No series until the window holds enough scores: a PSI over a handful of them would page for nothing.
    scoreDrift: gauge(registry, catalogue.scoreDrift, function collect() {
      const psi = scoreDrift.psi();
      if (psi !== undefined) this.set({ model_version: card.version }, psi);
    }),
    alertCounter: gauge(registry, catalogue.alertCounter),
    alertCounterResets: counter(registry, catalogue.alertCounterResets),
  };

  // Series exist from the first scrape, so rate() and ratios work before the first event.
  metrics.modelInfo.set({ model_name: card.name, model_version, trained_at: card.trainedAt }, 1);
  for (const decision of FEEDBACK_DECISIONS) {
    for (const label of DECISIONS) metrics.feedback.inc({ model_version, decision, label }, 0);
  }
  // predictor_ready and alert_counter are set by their owners (readiness, alert counter) from their state.
  metrics.alertCounterResets.inc(0);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
