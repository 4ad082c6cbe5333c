/** The model row: what it decides, how sure it is, how fast, and how right (from feedback). */
import * as common from '@grafana/grafana-foundation-sdk/common';
import { alertNames, catalogue } from '@fraudwatch/metrics';
import { UNIT, alertThreshold, heatmapPanel, timeseriesPanel, type PanelContext } from './common.js';
import { LATENCY_QUANTILES } from './latency.js';

/** Labels arrive days late and in batches: quality needs a window far longer than a rate's. */
const QUALITY_WINDOW = '1h';

export function decisionsPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Decisions',
    description: 'Transactions scored per second, by decision.',
    unit: UNIT.ops,
    width: 8,
    targets: [{ expr: q.decisionRate(window), legend: '{{decision}}' }],
  });
}

export function fraudRatePanel({ q, window, cfg }: PanelContext) {
  return timeseriesPanel({
    title: 'Fraud rate',
    description:
      `Share of decisions that are fraud. ${alertNames.fraudRateSpike} fires above ${cfg.fraudRate.threshold * 100} % ` +
      `over ${cfg.fraudRate.window}; the simulator's base rate is about 1 %.`,
    unit: UNIT.percentunit,
    width: 8,
    targets: [{ expr: q.fraudShare(window), legend: 'fraud share' }],
  });
}

export function probabilityDistributionPanel({ q, window }: PanelContext) {
  return heatmapPanel({
    title: 'Fraud probability distribution',
    description: 'Predicted fraud probabilities per bucket over time: a shift here is model drift.',
    unit: UNIT.short,
    yUnit: UNIT.percentunit,
    width: 8,
    targets: [{ expr: q.bucketIncrease(catalogue.fraudProbability, window) }],
  });
}

export function inferenceLatencyPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Inference latency',
    description: 'Time to compute features and score one transaction.',
    unit: UNIT.seconds,
    width: 8,
    targets: LATENCY_QUANTILES.map((quantile) => ({
      expr: q.inferenceLatencyQuantile(quantile, window),
      legend: `p${quantile * 100}`,
    })),
  });
}

export function livePrecisionRecallPanel({ q }: PanelContext) {
  return timeseriesPanel({
    title: 'Live precision and recall',
    description:
      `From fraud labels fed back over the last ${QUALITY_WINDOW}: precision = flagged and fraud / flagged, ` +
      'recall = flagged and fraud / fraud.',
    unit: UNIT.percentunit,
    width: 16,
    targets: [
      { expr: q.livePrecision(QUALITY_WINDOW), legend: 'precision' },
      { expr: q.liveRecall(QUALITY_WINDOW), legend: 'recall' },
    ],
  }).min(0).max(1);
}

export const SCORE_DRIFT_PANEL = 'Score drift (PSI)';

export function scoreDriftPanel({ q, cfg }: PanelContext) {
  const { watch, threshold } = cfg.scoreDrift;
  return timeseriesPanel({
    title: SCORE_DRIFT_PANEL,
    description:
      'Population stability index of each replica\'s latest scores (DRIFT_WINDOW, 5000 by default) against ' +
      `the score distribution of the model's test week: below ${watch} no real change, ${watch}–${threshold} ` +
      `moderate, above ${threshold} significant (${alertNames.modelScoreDrift}). No line until a replica has scored 500.`,
    unit: UNIT.short,
    width: 24,
    targets: [{ expr: q.gauge(catalogue.scoreDrift), legend: '{{instance}} {{model_version}}' }],
  })
    .min(0)
    .thresholds(alertThreshold(threshold, watch))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.LineAndArea));
}
