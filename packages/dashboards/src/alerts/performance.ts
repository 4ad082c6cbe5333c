/** Alerts about how well the predictor serves: latency and the availability SLO. */
import { alertNames } from '@fraudwatch/metrics';
import type { BurnWindow, MonitoringConfig } from '../config.js';
import type { Queries } from '../queries.js';
import { recordedErrorRatio, type Slo } from '../slo.js';
import { roundThreshold, type AlertDefinition, type Condition } from './types.js';

export function predictorLatencyHigh(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  const { quantile, window, thresholdSeconds } = cfg.latency;
  const p = `p${quantile * 100}`;
  return {
    name: alertNames.predictorLatencyHigh,
    group: 'fraudwatch.performance',
    severity: 'warning',
    for: cfg.latency.for,
    when: [[{ value: q.requestLatencyQuantile(quantile, window), op: '>', threshold: thresholdSeconds }]],
    panel: 'Request latency quantiles',
    summary: `Request latency ${p} above ${thresholdSeconds * 1000} ms`,
    description: (v) =>
      `The ${p} of request latency over ${window} is {{ ${v} | humanizeDuration }}, above the ` +
      `${thresholdSeconds * 1000} ms bound.`,
  };
}

/**
 * Both windows of a pair must burn faster than the factor allows (SRE workbook, multiwindow alerts),
 * read from the recording rules.
 */
function burnConditions(cfg: MonitoringConfig, slo: Slo, w: BurnWindow): Condition[] {
  const threshold = roundThreshold(w.factor * (1 - slo.objective));
  return [w.long, w.short].map((window) => ({
    value: recordedErrorRatio(slo, window, cfg.selector),
    op: '>',
    threshold,
  }));
}

export function errorBudgetBurn(cfg: MonitoringConfig, slo: Slo): AlertDefinition {
  const pairs = slo.burnWindows.map((w) => `${w.factor}× over ${w.long}/${w.short}`).join(' or ');
  return {
    name: alertNames.predictorErrorBudgetBurn,
    group: slo.group,
    severity: 'critical',
    for: cfg.errorBudget.for,
    when: slo.burnWindows.map((w) => burnConditions(cfg, slo, w)),
    panel: 'Error ratios',
    summary: `The ${slo.objective * 100} % availability objective's error budget is burning fast`,
    description: (v) =>
      `{{ ${v} | humanizePercentage }} of requests failed with a 5xx; the error budget of the ` +
      `${slo.objective * 100} % objective burns at ${pairs}.`,
  };
}
