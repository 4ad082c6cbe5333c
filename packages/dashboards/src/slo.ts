/**
 * The availability SLO as data (after Sloth): a typed record and its windows table. The recording
 * rules, the burn-rate alert and the dashboard's error panels are all generated from it.
 */
import { recordedSeries } from '@fraudwatch/metrics';
import type { RuleGroupName } from './alerts/types.js';
import type { BurnWindow, MonitoringConfig } from './config.js';
import { durationSeconds } from './emit/duration.js';
import { predictorQueries } from './queries.js';

export interface Slo {
  readonly name: string;
  readonly objective: number;
  /**
   * The rule group of its recordings and burn alert: Prometheus evaluates a group's rules in order,
   * so the alert, after the recordings, compares this evaluation's ratios rather than the last one's.
   */
  readonly group: RuleGroupName;
  /** The SLI: the share of bad events over a window, per job; what the recording rules evaluate. */
  readonly errorRatio: (window: string) => string;
  /** The series a recording rule stores that share in, per window. */
  readonly recordName: (window: string) => string;
  /** The multiwindow burn-rate pairs the alert reads (SRE workbook, table 5-8). */
  readonly burnWindows: readonly BurnWindow[];
}

/**
 * The windows the dashboard's error panels read. One dashboard serves every profile, so every
 * profile's rules record these besides its own burn windows.
 */
export const DASHBOARD_ERROR_WINDOWS = ['5m', '30m', '1h', '6h'] as const;

export function availabilitySlo(cfg: MonitoringConfig): Slo {
  // Zero-filled: a job with traffic and no error records 0, not nothing, so panels draw a line.
  const q = predictorQueries({ selector: cfg.selector, keep: ['job'], zeroWhenAbsent: true });
  return {
    name: 'predictor-availability',
    group: 'fraudwatch.performance',
    objective: cfg.errorBudget.objective,
    errorRatio: (w) => q.serverErrorRatio(w),
    recordName: recordedSeries.httpErrorRatio,
    burnWindows: cfg.errorBudget.windows,
  };
}

/** Every window a profile records, shortest first. */
export function recordedWindows(slo: Slo): string[] {
  const windows = new Set<string>([...DASHBOARD_ERROR_WINDOWS, ...slo.burnWindows.flatMap((w) => [w.short, w.long])]);
  return [...windows].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export function recordingRules(slo: Slo): RecordingRule[] {
  return recordedWindows(slo).map((w) => ({ record: slo.recordName(w), expr: slo.errorRatio(w) }));
}

/** The recorded share over `window`, for the series `selector` picks (recorded series keep only `job`). */
export function recordedErrorRatio(slo: Slo, window: string, selector: string): string {
  return `${slo.recordName(window)}{${selector}}`;
}
