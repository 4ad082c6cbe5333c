/** Alerts about whether the predictor can serve at all. */
import { catalogue } from '@fraudwatch/metrics';
import type { MonitoringConfig } from '../config.js';
import type { Queries } from '../queries.js';
import type { AlertDefinition } from './types.js';

export function predictorDown(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  return {
    name: 'PredictorDown',
    group: 'fraudwatch.availability',
    severity: 'critical',
    for: cfg.down.for,
    when: [[{ value: q.scrapeUp(), op: '<', threshold: 1 }]],
    firesWhenAbsent: true,
    panel: 'Ready replicas',
    summary: 'The predictor cannot be scraped',
    // The absent() branch carries no instance and its value is absent()'s 1: say what it means instead.
    description: (v) =>
      `{{ if $labels.instance }}Prometheus cannot scrape {{ $labels.instance }} (up = {{ ${v} }}).` +
      `{{ else }}No predictor target exists at all: Prometheus has nothing to scrape.{{ end }}`,
  };
}

export function predictorNotReady(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  return {
    name: 'PredictorNotReady',
    group: 'fraudwatch.availability',
    severity: 'warning',
    for: cfg.notReady.for,
    when: [[{ value: q.ready(), op: '<', threshold: 1 }]],
    panel: 'Ready replicas',
    summary: 'The predictor reports that it is not ready',
    description: (v) =>
      `{{ $labels.instance }} reports ${catalogue.ready.name} = {{ ${v} }} for ${cfg.notReady.for}: it is starting, ` +
      `draining, or failed to load its model, and receives no traffic.`,
  };
}
