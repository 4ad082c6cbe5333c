/** Alerts about how well the predictor serves: latency and the availability SLO. */
import type { BurnWindow, MonitoringConfig } from '../config.js';
import type { Queries } from '../queries.js';
import { roundThreshold, type AlertDefinition, type Condition } from './types.js';

export function predictorLatencyHigh(cfg: MonitoringConfig, q: Queries): AlertDefinition {
  const { quantile, window, thresholdSeconds } = cfg.latency;
  const p = `p${quantile * 100}`;
  return {
    name: 'PredictorLatencyHigh',
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

/** An SLO as data (after Sloth): objective, the error ratio it is measured by, and the burn windows. */
export interface Slo {
  readonly name: string;
  readonly objective: number;
  readonly errorRatio: (window: string) => string;
  readonly windows: readonly BurnWindow[];
}

export function availabilitySlo(cfg: MonitoringConfig, q: Queries): Slo {
  return {
    name: 'predictor-availability',
    objective: cfg.errorBudget.objective,
    errorRatio: (w) => q.serverErrorRatio(w),
    windows: cfg.errorBudget.windows,
  };
}

/** Both windows of a pair must burn faster than the factor allows (SRE workbook, multiwindow alerts). */
function burnConditions(slo: Slo, w: BurnWindow): Condition[] {
  const threshold = roundThreshold(w.factor * (1 - slo.objective));
  return [
    { value: slo.errorRatio(w.long), op: '>', threshold },
    { value: slo.errorRatio(w.short), op: '>', threshold },
  ];
}

export function errorBudgetBurn(cfg: MonitoringConfig, slo: Slo): AlertDefinition {
  const pairs = slo.windows.map((w) => `${w.factor}× over ${w.long}/${w.short}`).join(' or ');
  return {
    name: 'PredictorErrorBudgetBurn',
    group: 'fraudwatch.performance',
    severity: 'critical',
    for: cfg.errorBudget.for,
    when: slo.windows.map((w) => burnConditions(slo, w)),
    panel: 'Error ratios',
    summary: `The ${slo.objective * 100} % availability objective's error budget is burning fast`,
    description: (v) =>
      `{{ ${v} | humanizePercentage }} of requests failed with a 5xx; the error budget of the ` +
      `${slo.objective * 100} % objective burns at ${pairs}.`,
  };
}
