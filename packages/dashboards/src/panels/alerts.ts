/** The alerts row: the seed's counter over time with its threshold, and its resets. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import { UNIT, alertThreshold, timeseriesPanel, type PanelContext } from './common.js';

export function alertCounterPanel({ q, cfg }: PanelContext) {
  return timeseriesPanel({
    title: `${catalogue.alertCounter.name} over time`,
    description:
      `Fraud-flagged transactions since the last reset: the highest of the replicas (what ` +
      `${alertNames.alertCounterHigh} compares with its threshold, the red line at ${cfg.alertCounter.threshold}) and each ` +
      `replica's. With the redis feature store they all report the one shared counter; with the memory store ` +
      `each counts its own transactions.`,
    unit: UNIT.short,
    width: 16,
    targets: [
      { expr: q.alertCounter(), legend: 'highest' },
      { expr: q.gauge(catalogue.alertCounter), legend: '{{instance}}' },
    ],
  })
    .thresholds(alertThreshold(cfg.alertCounter.threshold))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line));
}

export function alertCounterResetsPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: `${catalogue.alertCounter.name} resets`,
    description: 'Resets by a transaction from the reset terminal (13 by default).',
    unit: UNIT.short,
    width: 8,
    targets: [{ expr: q.alertCounterResets(window), legend: 'resets' }],
  }).drawStyle(common.GraphDrawStyle.Bars);
}
