/** The overview row: the numbers to read first. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { catalogue } from '@fraudwatch/metrics';
import { UNIT, alertThreshold, statPanel, type PanelContext } from './common.js';

const WIDTH = 4;

export function requestRateStat({ q, window }: PanelContext) {
  return statPanel({
    title: 'Request rate',
    description: 'Requests per second across all routes.',
    unit: UNIT.reqps,
    width: WIDTH,
    targets: [{ expr: q.requestRate(window), legend: 'requests/s' }],
  });
}

export function errorRatioStat({ q, window, cfg }: PanelContext) {
  return statPanel({
    title: 'Error ratio (5xx)',
    description: 'Share of requests answered with a 5xx: what the availability objective counts.',
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [{ expr: q.serverErrorRatio(window), legend: '5xx' }],
  }).thresholds(alertThreshold(1 - cfg.errorBudget.objective));
}

export function latencyP99Stat({ q, window }: PanelContext) {
  return statPanel({
    title: 'Latency p99',
    description: '99th percentile of request duration.',
    unit: UNIT.seconds,
    width: WIDTH,
    targets: [{ expr: q.requestLatencyQuantile(0.99, window), legend: 'p99' }],
  });
}

export function alertCounterStat({ q, cfg }: PanelContext) {
  return statPanel({
    title: catalogue.alertCounter.name,
    description:
      `Fraud-flagged transactions since the last reset, per replica. AlertCounterHigh fires above ` +
      `${cfg.alertCounter.threshold}.`,
    unit: UNIT.short,
    width: WIDTH,
    targets: [{ expr: q.alertCounter(), legend: '{{instance}}' }],
  })
    .thresholds(alertThreshold(cfg.alertCounter.threshold))
    .colorMode(common.BigValueColorMode.Background);
}

export function modelVersionStat({ q }: PanelContext) {
  return statPanel({
    title: 'Model version',
    description: `The loaded model, from ${catalogue.modelInfo.name}.`,
    unit: UNIT.short,
    width: WIDTH,
    targets: [{ expr: q.modelInfo(), legend: '{{model_name}} {{model_version}}' }],
  })
    .textMode(common.BigValueTextMode.Name)
    .graphMode(common.BigValueGraphMode.None);
}

export function readyReplicasStat({ q }: PanelContext) {
  return statPanel({
    title: 'Ready replicas',
    description: 'Replicas that report ready to score.',
    unit: UNIT.short,
    width: WIDTH,
    targets: [{ expr: q.readyReplicas(), legend: 'ready' }],
  });
}
