/** An alert as typed data: what it measures, when it fires, and what it tells the responder. */
import type { AlertName } from '@fraudwatch/metrics';

export type Severity = 'critical' | 'warning';
export type Comparator = '>' | '<';

/** One comparison: a PromQL value against a constant. */
export interface Condition {
  readonly value: string;
  readonly op: Comparator;
  readonly threshold: number;
}

export interface AlertDefinition {
  readonly name: AlertName;
  /** The rule group (by concern) the alert belongs to. */
  readonly group: RuleGroupName;
  readonly severity: Severity;
  readonly for: string;
  /**
   * Fires when every condition of any one branch holds (an OR of ANDs). The first condition of the
   * first branch is the alert's headline value (`$value`).
   */
  readonly when: readonly (readonly Condition[])[];
  /** Also fire when the headline value has no series at all (the target vanished). */
  readonly firesWhenAbsent?: boolean;
  /** The dashboard panel that shows what the alert watches (Grafana links the rule to it). */
  readonly panel?: string;
  readonly summary: string;
  /** Given the template expression of the headline value, the description text. */
  readonly description: (value: string) => string;
}

export const RULE_GROUPS = ['fraudwatch.model', 'fraudwatch.availability', 'fraudwatch.performance'] as const;
export type RuleGroupName = (typeof RULE_GROUPS)[number];

/** The headline value as Prometheus templates see it. */
export const PROMETHEUS_VALUE = '$value';

/** Thresholds like 14.4 × 0.001 print without binary-float noise. */
export function roundThreshold(x: number): number {
  return Number(x.toPrecision(12));
}
