/**
 * Alerts as Grafana-managed rules, built with the foundation SDK's alerting builders. They produce
 * the HTTP API's shape; grafana-provisioning.ts turns that into the file-provisioning format.
 */
import * as alerting from '@grafana/grafana-foundation-sdk/alerting';
import { TypeMathBuilder, TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { monitoringConfig, type MonitoringConfig } from '../config.js';
import {
  RULE_GROUPS,
  alertDefinitions,
  runbookUrl,
  type AlertDefinition,
  type Comparator,
  type Condition,
} from '../alerts/index.js';
import { DASHBOARD_UID, buildDashboard } from '../dashboard.js';
import { refIdAt } from '../ref-id.js';
import { durationSeconds } from './duration.js';
import { DASHBOARD_UID_ANNOTATION, PANEL_ID_ANNOTATION } from './grafana-provisioning.js';

/** Server-side expressions run on Grafana's own pseudo datasource. */
const EXPRESSION_DATASOURCE = { type: '__expr__', uid: '__expr__' };

const EVALUATOR: Record<Comparator, 'gt' | 'lt'> = { '>': 'gt', '<': 'lt' };

/** Grafana templates see each query's value under its refId; the headline is query A. */
export const GRAFANA_VALUE = '$values.A.Value';

function promQuery(cfg: MonitoringConfig, refId: string, expr: string): alerting.QueryBuilder {
  return new alerting.QueryBuilder(refId)
    .datasourceUid(cfg.grafana.datasourceUid)
    .relativeTimeRange({ from: cfg.grafana.queryRangeSeconds, to: 0 })
    .model(
      new DataqueryBuilder()
        .refId(refId)
        .expr(expr)
        .instant()
        .datasource({ type: 'prometheus', uid: cfg.grafana.datasourceUid }),
    );
}

/**
 * One condition is a threshold expression (what Grafana's editor makes); several become a math
 * expression with the same OR-of-ANDs as the Prometheus rule.
 */
function conditionQuery(alert: AlertDefinition, refId: string, conditions: Condition[]): alerting.QueryBuilder {
  const query = new alerting.QueryBuilder(refId).datasourceUid(EXPRESSION_DATASOURCE.uid);
  const [only] = conditions;
  if (conditions.length === 1 && only) {
    return query.model(
      new TypeThresholdBuilder()
        .refId(refId)
        .datasource(EXPRESSION_DATASOURCE)
        .expression('A')
        .conditions([{ evaluator: { type: EVALUATOR[only.op], params: [only.threshold] } }]),
    );
  }
  let index = 0;
  const math = alert.when
    .map((branch) =>
      branch.map((c) => `$${refIdAt(index++)} ${c.op} ${c.threshold}`).join(' && '),
    )
    .map((b) => (alert.when.length > 1 ? `(${b})` : b))
    .join(' || ');
  return query.model(new TypeMathBuilder().refId(refId).datasource(EXPRESSION_DATASOURCE).expression(math));
}

/** Panel ids by title, so that an alert can name its panel and a renamed panel fails the build. */
export type PanelIds = ReadonlyMap<string, number>;

export function dashboardPanelIds(): PanelIds {
  return new Map((buildDashboard().panels ?? []).map((p) => [p.title ?? '', p.id ?? 0]));
}

/** The HTTP API links a rule to a panel through two reserved annotations. */
function panelLink(alert: AlertDefinition, panelIds: PanelIds): Record<string, string> {
  if (!alert.panel) return {};
  const id = panelIds.get(alert.panel);
  if (id === undefined) throw new Error(`${alert.name} names panel "${alert.panel}", which the dashboard lacks`);
  return { [DASHBOARD_UID_ANNOTATION]: DASHBOARD_UID, [PANEL_ID_ANNOTATION]: String(id) };
}

export function grafanaRule(cfg: MonitoringConfig, alert: AlertDefinition, panelIds: PanelIds): alerting.RuleBuilder {
  const conditions = alert.when.flat();
  const conditionRef = refIdAt(conditions.length);
  return new alerting.RuleBuilder(alert.name)
    .uid(`fraudwatch-${alert.name.toLowerCase()}`)
    .orgID(cfg.grafana.orgId)
    .folderUID(cfg.grafana.folderUid)
    .ruleGroup(alert.group)
    .queries([
      ...conditions.map((c, i) => promQuery(cfg, refIdAt(i), c.value)),
      conditionQuery(alert, conditionRef, conditions),
    ])
    .condition(conditionRef)
    .forDuration(alert.for)
    // A vanished target is an outage only for the alerts that say so; elsewhere no data is no problem.
    .noDataState(alert.firesWhenAbsent ? 'Alerting' : 'OK')
    .execErrState('Error')
    .isPaused(false)
    .labels({ severity: alert.severity })
    .annotations({
      summary: alert.summary,
      description: alert.description(GRAFANA_VALUE),
      runbook_url: runbookUrl(cfg, alert),
      ...panelLink(alert, panelIds),
    });
}

/** Grafana-managed rule groups (production profile), in the HTTP API's shape. */
export function grafanaRuleGroups(): alerting.RuleGroup[] {
  const cfg = monitoringConfig('default');
  const alerts = alertDefinitions('default');
  const panelIds = dashboardPanelIds();
  return RULE_GROUPS.map((name) =>
    new alerting.RuleGroupBuilder(name)
      .folderUid(cfg.grafana.folderUid)
      .interval(durationSeconds(cfg.grafana.interval))
      .rules(alerts.filter((a) => a.group === name).map((a) => grafanaRule(cfg, a, panelIds)))
      .build(),
  );
}
