/** The alerts row: the seed's counter over time with its threshold, and its resets. */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import { UNIT, alertThreshold, timeseriesPanel, type PanelContext } from './common.js';

export function alertCounterPanel({ q, cfg }: PanelContext) {
  return timeseriesPanel({
    title: `${catalogue.alertCounter.name} over time`,
    description:
      `Fraud-flagged transactions since the last reset, per replica; the red line is ${alertNames.alertCounterHigh}'s ` +
      `threshold (${cfg.alertCounter.threshold}).`,
    unit: UNIT.short,
    width: 16,
    targets: [{ expr: q.alertCounter(), legend: '{{instance}}' }],
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
