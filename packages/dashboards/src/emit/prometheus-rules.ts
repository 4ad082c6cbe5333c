/**
 * The SLO's recording rules and the alerts as Prometheus rules: the rules file and the
 * PrometheusRule's `spec.groups`.
 */
import { monitoringConfig, type ProfileName } from '../config.js';
import {
  PROMETHEUS_VALUE,
  RULE_GROUPS,
  alertDefinitions,
  runbookUrl,
  type AlertDefinition,
  type Condition,
} from '../alerts/index.js';
import { availabilitySlo, recordingRules, type RecordingRule } from '../slo.js';

export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type PrometheusRecordingRule = RecordingRule;

export interface PrometheusRuleGroup {
  name: string;
  interval: string;
  rules: (PrometheusRecordingRule | PrometheusAlertingRule)[];
}

export function isAlertingRule(rule: PrometheusRecordingRule | PrometheusAlertingRule): rule is PrometheusAlertingRule {
  return 'alert' in rule;
}



const PLAIN_SELECTOR = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^{}]*\})?$/;

/** Binary operators inside a value must not bind to the comparison, so compound values get parentheses. */
function operand(value: string): string {
  return PLAIN_SELECTOR.test(value) ? value : `(${value})`;
}

function comparison(c: Condition): string {
  return `${operand(c.value)} ${c.op} ${c.threshold}`;
}

export function headline(alert: AlertDefinition): Condition {
  const first = alert.when[0]?.[0];
  if (!first) throw new Error(`${alert.name} has no condition`);
  return first;
}

/** The alert's PromQL: its branches joined with `or`, each branch's conditions with `and`. */
export function alertExpression(alert: AlertDefinition): string {
  const branches = alert.when.map((branch) => branch.map(comparison).join('\nand\n'));
  const parts = branches.length > 1 ? branches.map((b) => `(\n${b}\n)`) : branches;
  if (alert.firesWhenAbsent) parts.push(`absent(${headline(alert).value})`);
  return parts.join('\nor\n');
}

function alertingRule(alert: AlertDefinition, runbook: string): PrometheusAlertingRule {
  return {
    alert: alert.name,
    expr: alertExpression(alert),
    for: alert.for,
    labels: { severity: alert.severity },
    annotations: {
      summary: alert.summary,
      description: alert.description(PROMETHEUS_VALUE),
      runbook_url: runbook,
    },
  };
}

export function prometheusRuleGroups(profile: ProfileName): PrometheusRuleGroup[] {
  const cfg = monitoringConfig(profile);
  const alerts = alertDefinitions(profile);
  const slo = availabilitySlo(cfg);
  return RULE_GROUPS.map((name) => ({
    name,
    interval: cfg.evaluationInterval,
    rules: [
      ...(name === slo.group ? recordingRules(slo) : []),
      ...alerts.filter((a) => a.group === name).map((a) => alertingRule(a, runbookUrl(cfg, a))),
    ],
  }));
}
