/** Alerts about what the model decides: the seed's counter, the fraud share and score drift. */
import { alertNames, catalogue } from '@fraudwatch/metrics';
import type { MonitoringConfig } from '../config.js';
import { SCORE_DRIFT_PANEL } from '../panels/model.js';
import type { Queries } from '../queries.js';
import type { AlertDefinition } from './types.js';

/**
 * The seed's Grafana alert, kept under its name and threshold, on the highest counter of the job's
 * replicas: with the redis feature store every replica exports the one shared counter (a sum would
 * count it once per replica), with the memory store each its own (it fires when any passes 5).
 */
export function alertCounterHigh(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  return {
    name: alertNames.alertCounterHigh,
    group: 'fraudwatch.model',
    severity: 'warning',
    for: cfg.alertCounter.for,
    when: [[{ value: q.alertCounter(), op: '>', threshold: cfg.alertCounter.threshold }]],
    panel: `${catalogue.alertCounter.name} over time`,
    summary: `More than ${cfg.alertCounter.threshold} transactions flagged as fraud since the last reset`,
    description: (v) =>
      `${catalogue.alertCounter.name} of {{ $labels.job }} is {{ ${v} }} (the highest any replica reports): that many ` +
      `transactions were flagged as fraud since a transaction from the reset terminal last arrived.`,
  };
}

export function fraudRateSpike(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  const { window, threshold, minDecisions } = cfg.fraudRate;
  return {
    name: alertNames.fraudRateSpike,
    group: 'fraudwatch.model',
    severity: 'critical',
    for: cfg.fraudRate.for,
    when: [
      [
        { value: q.fraudShare(window), op: '>', threshold },
        { value: q.decisionCount(window), op: '>', threshold: minDecisions },
      ],
    ],
    panel: 'Fraud rate',
    summary: `More than ${threshold * 100} % of decisions over ${window} are fraud`,
    description: (v) =>
      `{{ ${v} | humanizePercentage }} of the transactions scored over the last ${window} were flagged as ` +
      `fraud (more than ${minDecisions} decisions); the usual share is about 1 %.`,
  };
}

export function modelScoreDrift(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  const { threshold } = cfg.scoreDrift;
  return {
    name: alertNames.modelScoreDrift,
    group: 'fraudwatch.model',
    severity: 'warning',
    for: cfg.scoreDrift.for,
    when: [[{ value: q.gauge(catalogue.scoreDrift), op: '>', threshold }]],
    panel: SCORE_DRIFT_PANEL,
    summary: `The model's recent scores have shifted from its reference (PSI above ${threshold})`,
    description: (v) =>
      `The population stability index of the latest scores of model {{ $labels.model_version }} on ` +
      `{{ $labels.instance }} against its test-week reference is {{ ${v} | printf "%.2f" }} ` +
      `(above ${threshold} is a significant shift).`,
  };
}
