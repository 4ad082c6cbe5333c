/** The overview row: the numbers to read first. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import { DASHBOARD_ERROR_WINDOWS } from '../slo.js';
import { UNIT, alertThreshold, statPanel, type PanelSpec, type PanelContext, type Target } from './common.js';

/** Six stats side by side fill the row. */
function overviewStat(title: string, description: string, unit: string, target: Target) {
  return statPanel({ title, description, unit, width: 4, targets: [target] } satisfies PanelSpec);
}

export function requestRateStat({ q, window }: PanelContext) {
  return overviewStat('Request rate', 'Requests per second across all routes.', UNIT.reqps, {
    expr: q.requestRate(window),
    legend: 'requests/s',
  });
}

export function errorRatioStat({ cfg, sloErrorRatio }: PanelContext) {
  const [window = '5m'] = DASHBOARD_ERROR_WINDOWS;
  return overviewStat(
    'Error ratio (5xx)',
    `Share of requests answered with a 5xx over the last ${window}: what the availability objective counts.`,
    UNIT.percentunit,
    { expr: sloErrorRatio(window), legend: '5xx' },
  ).thresholds(alertThreshold(1 - cfg.errorBudget.objective));
}

export function latencyP99Stat({ q, window }: PanelContext) {
  return overviewStat('Latency p99', '99th percentile of request duration.', UNIT.seconds, {
    expr: q.requestLatencyQuantile(0.99, window),
    legend: 'p99',
  });
}

export function alertCounterStat({ q, cfg }: PanelContext) {
  return overviewStat(
    catalogue.alertCounter.name,
    `Fraud-flagged transactions since the last reset: the highest value any replica reports (with the redis ` +
      `feature store all report the one shared counter). ${alertNames.alertCounterHigh} fires above ` +
      `${cfg.alertCounter.threshold}.`,
    UNIT.short,
    { expr: q.alertCounter(), legend: catalogue.alertCounter.name },
  )
    .thresholds(alertThreshold(cfg.alertCounter.threshold))
    .colorMode(common.BigValueColorMode.Background);
}

export function modelVersionStat({ q }: PanelContext) {
  return overviewStat('Model version', `The loaded model, from ${catalogue.modelInfo.name}.`, UNIT.short, {
    expr: q.modelInfo(),
    legend: '{{model_name}} {{model_version}}',
  })
    .textMode(common.BigValueTextMode.Name)
    .graphMode(common.BigValueGraphMode.None);
}

export function readyReplicasStat({ q }: PanelContext) {
  return overviewStat('Ready replicas', 'Replicas that report ready to score.', UNIT.short, {
    expr: q.readyReplicas(),
    legend: 'ready',
  });
}
