/** Alerts as Prometheus alerting rules: the rules file and the PrometheusRule's `spec.groups`. */
import { monitoringConfig, type ProfileName } from '../config.js';
import {
  PROMETHEUS_VALUE,
  RULE_GROUPS,
  alertDefinitions,
  runbookUrl,
  type AlertDefinition,
  type Condition,
} from '../alerts/index.js';

export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PrometheusRuleGroup {
  name: string;
  interval: string;
  rules: PrometheusAlertingRule[];
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

export function prometheusRuleGroups(profile: ProfileName): PrometheusRuleGroup[] {
  const cfg = monitoringConfig(profile);
  const alerts = alertDefinitions(profile);
  return RULE_GROUPS.map((name) => ({
    name,
    interval: cfg.evaluationInterval,
    rules: alerts
      .filter((a) => a.group === name)
      .map((a) => ({
        alert: a.name,
        expr: alertExpression(a),
        for: a.for,
        labels: { severity: a.severity },
        annotations: {
          summary: a.summary,
          description: a.description(PROMETHEUS_VALUE),
          runbook_url: runbookUrl(cfg, a),
        },
      })),
  }));
}
