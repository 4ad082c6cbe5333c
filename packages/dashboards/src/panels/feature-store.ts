/** The feature store row: how fast and how reliably the predictors reach their online state, and its size. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import { UNIT, alertThreshold, timeseriesPanel, type PanelContext } from './common.js';
import { LATENCY_QUANTILES } from './latency.js';

/** Four panels side by side fill the row. */
const WIDTH = 6;

export const FEATURE_STORE_FAILED_SHARE_PANEL = 'Feature store failed calls';

export function featureStoreLatencyPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Feature store call latency',
    description:
      'Duration quantiles of the predictors\' calls to the online feature store, by operation (lookup, commit, ' +
      'label, health). With redis each is a network round trip, cut off at FEATURE_STORE_TIMEOUT_MS.',
    unit: UNIT.seconds,
    width: WIDTH,
    targets: LATENCY_QUANTILES.map((quantile) => ({
      expr: q.featureStoreLatencyQuantile(quantile, window),
      legend: `p${quantile * 100} {{operation}}`,
    })),
  });
}

export function featureStoreErrorsPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Feature store errors by operation',
    description: 'Calls to the online feature store that failed or timed out, per second, by operation.',
    unit: UNIT.ops,
    width: WIDTH,
    targets: [{ expr: q.counterRate(catalogue.featureStoreErrors, window, ['operation']), legend: '{{operation}}' }],
  });
}

export function featureStoreFailedSharePanel({ q, cfg }: PanelContext) {
  const { window, threshold } = cfg.featureStore;
  return timeseriesPanel({
    title: FEATURE_STORE_FAILED_SHARE_PANEL,
    description:
      `Share of the calls to the online feature store that failed or timed out over ${window}, in all and by ` +
      `operation; the red line is ${alertNames.featureStoreUnavailable}'s threshold (${threshold * 100} %).`,
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [
      { expr: q.featureStoreErrorRatio(window), legend: 'all calls' },
      { expr: q.featureStoreErrorRatio(window, ['operation']), legend: '{{operation}}' },
    ],
  })
    .min(0)
    .max(1)
    .thresholds(alertThreshold(threshold))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line));
}

export function featureStoreEntitiesPanel({ q }: PanelContext) {
  return timeseriesPanel({
    title: 'Feature store entities',
    description:
      'Customers and terminals the online feature store tracks. The redis store\'s count is shared (every replica ' +
      'reports it; the highest is drawn) and approximate (HyperLogLog, ~1 %); the memory store\'s is per replica ' +
      '(the largest is drawn), and its memory grows with it.',
    unit: UNIT.short,
    width: WIDTH,
    targets: [{ expr: q.featureStoreEntities(), legend: '{{kind}}' }],
  });
}
