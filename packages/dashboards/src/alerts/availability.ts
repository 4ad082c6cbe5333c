/** Alerts about whether the predictor can serve at all. */
import { alertNames, catalogue } from '@fraudwatch/metrics';
import type { MonitoringConfig } from '../config.js';
import { FEATURE_STORE_FAILED_SHARE_PANEL } from '../panels/feature-store.js';
import type { Queries } from '../queries.js';
import type { AlertDefinition } from './types.js';

type AvailabilityAlert = Omit<AlertDefinition, 'group' | 'panel' | 'when'> & { readonly signal: string };

/** Both watch a 0/1 signal (scraped, ready) fall below 1; the ready-replicas panel shows either. */
function availabilityAlert({ signal, ...alert }: AvailabilityAlert): AlertDefinition {
  return {
    ...alert,
    group: 'fraudwatch.availability',
    when: [[{ value: signal, op: '<', threshold: 1 }]],
    panel: 'Ready replicas',
  };
}

export function predictorDown(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  return availabilityAlert({
    name: alertNames.predictorDown,
    severity: 'critical',
    for: cfg.down.for,
    signal: q.scrapeUp(),
    firesWhenAbsent: true,
    summary: 'The predictor cannot be scraped',
    // The absent() branch carries no instance and its value is absent()'s 1: say what it means instead.
    description: (v) =>
      `{{ if $labels.instance }}Prometheus cannot scrape {{ $labels.instance }} (up = {{ ${v} }}).` +
      `{{ else }}No predictor target exists at all: Prometheus has nothing to scrape.{{ end }}`,
  });
}

export function predictorNotReady(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  return availabilityAlert({
    name: alertNames.predictorNotReady,
    severity: 'warning',
    for: cfg.notReady.for,
    signal: q.ready(),
    summary: 'The predictor reports that it is not ready',
    description: (v) =>
      `{{ $labels.instance }} reports ${catalogue.ready.name} = {{ ${v} }} for ${cfg.notReady.for}: it is starting, ` +
      `draining, or failed to load its model, and receives no traffic.`,
  });
}

/**
 * The predictors cannot reach their shared online feature store: most of their calls to it fail or
 * time out. Every request then gets a 503 and /readyz turns every replica away, so this names the
 * cause that PredictorNotReady and PredictorErrorBudgetBurn see as symptoms.
 */
export function featureStoreUnavailable(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  const { window, threshold } = cfg.featureStore;
  return {
    name: alertNames.featureStoreUnavailable,
    group: 'fraudwatch.availability',
    severity: 'critical',
    for: cfg.featureStore.for,
    when: [[{ value: q.featureStoreErrorRatio(window), op: '>', threshold }]],
    panel: FEATURE_STORE_FAILED_SHARE_PANEL,
    summary: 'The predictors cannot reach their online feature store',
    description: (v) =>
      `{{ ${v} | humanizePercentage }} of the predictor's calls to its feature store over the last ${window} ` +
      `failed or timed out (above ${threshold * 100} %): requests are answered 503 and replicas report not ready.`,
  };
}
