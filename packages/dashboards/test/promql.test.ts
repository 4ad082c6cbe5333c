import { catalogue, exposedSeriesNames, nodeDefaultMetrics } from '@fraudwatch/metrics';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import {
  PROFILES,
  SCRAPE_HEALTH_SERIES,
  dashboardTargets,
  grafanaAlertProvisioning,
  interpolate,
  prometheusRuleGroups,
} from '../src/index.js';

const ALLOWED = new Set([
  ...Object.values(catalogue).flatMap(exposedSeriesNames),
  ...nodeDefaultMetrics.flatMap(exposedSeriesNames),
  SCRAPE_HEALTH_SERIES,
]);

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

const alertExprs = PROFILES.flatMap((profile) =>
  prometheusRuleGroups(profile).flatMap((g) =>
    g.rules.map((r) => ({ where: `${profile} rule ${r.alert}`, expr: r.expr })),
  ),
);

const grafanaExprs = grafanaAlertProvisioning().groups.flatMap((g) =>
  g.rules.flatMap((r) =>
    r.data
      .filter((q) => q.datasourceUid !== '__expr__')
      .map((q) => ({ where: `Grafana rule ${r.title} ${q.refId}`, expr: String(q.model['expr']) })),
  ),
);

const panelExprs = dashboardTargets().map((t) => ({
  where: `panel "${t.panelTitle}" ${t.refId}`,
  expr: interpolate(t.expr),
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

describe.each([
  ['alert rule', alertExprs],
  ['Grafana rule query', grafanaExprs],
  ['dashboard target', panelExprs],
])('every %s', (_kind, exprs) => {
  it('exists', () => {
    expect(exprs.length).toBeGreaterThan(5);
  });

  it.each(exprs)('$where parses and names only catalogue or Node default metrics', ({ expr }) => {
    const { errors, metrics } = analyse(expr);
    expect(errors).toEqual([]);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.filter((m) => !ALLOWED.has(m))).toEqual([]);
  });
});
