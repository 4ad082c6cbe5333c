import { catalogue, exposedSeriesNames, nodeDefaultMetrics, recordedSeries } from '@fraudwatch/metrics';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import {
  PROFILES,
  SCRAPE_HEALTH_SERIES,
  dashboardTargets,
  grafanaAlertProvisioning,
  interpolate,
  isAlertingRule,
  prometheusRuleGroups,
  type PrometheusRuleGroup,
} from '../src/index.js';

const ruleGroups = PROFILES.map((profile) => [profile, prometheusRuleGroups(profile)] as const);
const recordingRules = ruleGroups.flatMap(([profile, groups]) =>
  groups.flatMap((g: PrometheusRuleGroup) => g.rules.flatMap((r) => (isAlertingRule(r) ? [] : [{ profile, ...r }]))),
);

const RAW_SERIES = new Set([
  ...Object.values(catalogue).flatMap(exposedSeriesNames),
  ...nodeDefaultMetrics.flatMap(exposedSeriesNames),
  SCRAPE_HEALTH_SERIES,
]);
/** What a query may read besides raw series: the series the rules it runs beside record. */
function allowedWith(...profiles: (typeof PROFILES)[number][]): Set<string> {
  const recordedBy = (profile: string) => new Set(recordingRules.filter((r) => r.profile === profile).map((r) => r.record));
  const sets = profiles.map(recordedBy);
  const everywhere = [...(sets[0] ?? [])].filter((name) => sets.every((set) => set.has(name)));
  return new Set([...RAW_SERIES, ...everywhere]);
}
/** The dashboard runs beside either profile's rules (the cluster's or the local stack's). */
const DASHBOARD_ALLOWED = allowedWith(...PROFILES);
/** Grafana-managed rules run in the cluster, beside the PrometheusRule (the default profile). */
const GRAFANA_ALLOWED = allowedWith('default');

interface Analysis {
  readonly errors: string[];
  readonly metrics: string[];
}

/** Parses PromQL with Prometheus' own grammar and lists the metric names its selectors use. */
function analyse(expr: string): Analysis {
  const errors: string[] = [];
  const metrics: string[] = [];
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: "${expr.slice(node.from, node.to + 10)}"`);
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) metrics.push(expr.slice(id.from, id.to));
      }
      // A name given as a matcher would hide from the check above.
      if (node.name === 'LabelName' && expr.slice(node.from, node.to) === '__name__') {
        errors.push('metric selected through __name__');
      }
    },
  });
  return { errors, metrics };
}

const alertExprs = ruleGroups.flatMap(([profile, groups]) =>
  groups.flatMap((g) =>
    g.rules.filter(isAlertingRule).map((r) => ({ where: `${profile} rule ${r.alert}`, expr: r.expr, allowed: allowedWith(profile) })),
  ),
);

const grafanaExprs = grafanaAlertProvisioning().groups.flatMap((g) =>
  g.rules.flatMap((r) =>
    r.data
      .filter((q) => q.datasourceUid !== '__expr__')
      .map((q) => ({ where: `Grafana rule ${r.title} ${q.refId}`, expr: String(q.model['expr']), allowed: GRAFANA_ALLOWED })),
  ),
);

const panelExprs = dashboardTargets().map((t) => ({
  where: `panel "${t.panelTitle}" ${t.refId}`,
  expr: interpolate(t.expr),
  allowed: DASHBOARD_ALLOWED,
}));

describe('the PromQL checker itself', () => {
  it('finds the metric names, including inside ranges, functions and binary expressions', () => {
    const { errors, metrics } = analyse('sum(rate(a_total{job="x"}[5m])) / on() group_left b + absent(c)');
    expect(errors).toEqual([]);
    expect(metrics.sort()).toEqual(['a_total', 'b', 'c']);
  });

  it('reports broken PromQL and Grafana macros left in place', () => {
    expect(analyse('sum(rate(a_total[5m])').errors).not.toEqual([]);
    expect(analyse('rate(a_total[$__rate_interval])').errors).not.toEqual([]);
    expect(analyse('{__name__="a_total"}').errors).not.toEqual([]);
  });
});

describe('every recording rule', () => {
  it.each(recordingRules.map((r) => ({ where: `${r.profile} ${r.record}`, expr: r.expr })))(
    '$where parses, names only catalogue metrics and carries the recorded name of the SLO catalogue',
    ({ expr, where }) => {
      const { errors, metrics } = analyse(expr);
      expect(errors).toEqual([]);
      expect(metrics.length).toBeGreaterThan(0);
      expect(metrics.filter((m) => !RAW_SERIES.has(m))).toEqual([]);
      const window = /\[(\w+)\]/.exec(expr)?.[1] ?? '';
      expect(where).toContain(recordedSeries.httpErrorRatio(window));
    },
  );
});

describe.each([
  ['alert rule', alertExprs],
  ['Grafana rule query', grafanaExprs],
  ['dashboard target', panelExprs],
])('every %s', (_kind, exprs) => {
  it('exists', () => {
    expect(exprs.length).toBeGreaterThan(5);
  });

  it.each(exprs)('$where parses and names only catalogue, Node default or recorded metrics', ({ expr, allowed }) => {
    const { errors, metrics } = analyse(expr);
    expect(errors).toEqual([]);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((m) => !allowed.has(m))).toEqual([]);
  });
});
