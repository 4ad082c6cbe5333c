import { catalogue, recordedSeries } from '@fraudwatch/metrics';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_UID, SEED_ALERT_THRESHOLD, buildDashboard, dashboardTargets, interpolate } from '../src/index.js';

interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  targets?: { refId?: string; expr?: string; format?: string; datasource?: { uid?: string } }[];
  fieldConfig?: {
    defaults?: {
      unit?: string;
      thresholds?: { steps: { value: number | null; color: string }[] };
      custom?: { thresholdsStyle?: { mode: string } };
    };
  };
}
interface Variable {
  type: string;
  name: string;
  query?: string;
  datasource?: { uid?: string };
}

const board = buildDashboard();
/** A target reading one of the SLO's recorded series (`level:metric:operation`). */
const recordsOnly = (expr = '') => /^[a-z_]+:[a-z_]+:[a-z_0-9]+\{/.test(expr);
const all = (board.panels ?? []) as unknown as Panel[];
const panels = all.filter((p) => p.type !== 'row');
const rows = all.filter((p) => p.type === 'row');
const variables = (board.templating?.list ?? []) as unknown as Variable[];

function byTitle(title: string): Panel {
  const found = panels.find((p) => p.title === title);
  if (!found) throw new Error(`no panel "${title}"`);
  return found;
}

describe('dashboard', () => {
  it('has the uid others link to', () => {
    expect(board.uid).toBe(DASHBOARD_UID);
  });

  it('has the rows the design lists, in order', () => {
    expect(rows.map((r) => r.title)).toEqual([
      'Overview',
      'Traffic and errors',
      'Latency',
      'Model',
      'Feature store',
      'Alerts',
      'Runtime',
    ]);
  });

  it('has a prometheus datasource variable, and job and instance variables from a catalogue metric', () => {
    const [datasource, job, instance] = variables;
    expect(datasource).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus' });
    expect(job).toMatchObject({ type: 'query', name: 'job', datasource: { uid: '${datasource}' } });
    expect(instance).toMatchObject({ type: 'query', name: 'instance', datasource: { uid: '${datasource}' } });
    expect(job?.query).toBe(`label_values(${catalogue.modelInfo.name}, job)`);
    expect(instance?.query).toBe(`label_values(${catalogue.modelInfo.name}{job=~"$job"}, instance)`);
  });

  it.each(panels.map((p) => [p.title ?? '(untitled)', p] as const))(
    '"%s" uses ${datasource}, has a title and refIds on every target',
    (_title, panel) => {
      expect(panel.title).toBeTruthy();
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      const targets = panel.targets ?? [];
      expect(targets.length).toBeGreaterThan(0);
      const refIds = targets.map((t) => t.refId);
      expect(refIds.every((r) => typeof r === 'string' && r.length > 0)).toBe(true);
      expect(new Set(refIds).size).toBe(refIds.length);
      for (const t of targets) expect(t.datasource?.uid).toBe('${datasource}');
      // Every query is scoped by the variables, so the selector actually filters; the SLO's recorded
      // ratios keep only the job.
      for (const t of targets) {
        expect(t.expr).toMatch(recordsOnly(t.expr) ? /^[a-z_:0-9]+\{job=~"\$job"\}$/ : /job=~"\$job", instance=~"\$instance"/);
      }
    },
  );

  it('gives every panel and row a unique id', () => {
    const ids = all.map((p) => p.id);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lays panels out within 24 columns without overlaps', () => {
    const boxes = all.map((p) => {
      const g = p.gridPos;
      if (!g) throw new Error(`"${p.title}" has no gridPos`);
      expect(g.x).toBeGreaterThanOrEqual(0);
      expect(g.w).toBeGreaterThan(0);
      expect(g.h).toBeGreaterThan(0);
      expect(g.x + g.w).toBeLessThanOrEqual(24);
      return { title: p.title, ...g };
    });
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
        .map((b) => `${a.title} / ${b.title}`),
    );
    expect(overlaps).toEqual([]);
  });

  it('sets units: seconds for latency, reqps for traffic, percentunit for ratios', () => {
    expect(byTitle('Request rate').fieldConfig?.defaults?.unit).toBe('reqps');
    expect(byTitle('Requests by route').fieldConfig?.defaults?.unit).toBe('reqps');
    expect(byTitle('Latency p99').fieldConfig?.defaults?.unit).toBe('s');
    expect(byTitle('Request latency quantiles').fieldConfig?.defaults?.unit).toBe('s');
    expect(byTitle('Inference latency').fieldConfig?.defaults?.unit).toBe('s');
    expect(byTitle('Error ratio (5xx)').fieldConfig?.defaults?.unit).toBe('percentunit');
    expect(byTitle('Fraud rate').fieldConfig?.defaults?.unit).toBe('percentunit');
    expect(byTitle('Live precision and recall').fieldConfig?.defaults?.unit).toBe('percentunit');
    expect(panels.every((p) => p.fieldConfig?.defaults?.unit)).toBe(true);
  });

  it('shows the seed threshold of 5 on both alert_counter panels, as a line over time', () => {
    expect(SEED_ALERT_THRESHOLD).toBe(5);
    const stat = byTitle(catalogue.alertCounter.name);
    const series = byTitle(`${catalogue.alertCounter.name} over time`);
    for (const panel of [stat, series]) {
      expect(panel.fieldConfig?.defaults?.thresholds?.steps.map((s) => s.value)).toEqual([null, 5]);
      expect(panel.targets?.[0]?.expr).toContain(catalogue.alertCounter.name);
    }
    expect(series.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode).toBe('line');
  });

  it('headlines alert_counter as the highest of the replicas, never a sum (the redis store\'s counter is shared)', () => {
    const maxOf = `max (${catalogue.alertCounter.name}{job=~"$job", instance=~"$instance"})`;
    expect(byTitle(catalogue.alertCounter.name).targets?.map((t) => t.expr)).toEqual([maxOf]);
    expect(byTitle(`${catalogue.alertCounter.name} over time`).targets?.map((t) => t.expr)).toEqual([
      maxOf,
      `${catalogue.alertCounter.name}{job=~"$job", instance=~"$instance"}`,
    ]);
    const shared = panels.flatMap((p) => p.targets ?? []).map((t) => t.expr ?? '');
    for (const name of [catalogue.alertCounter.name, catalogue.featureStoreEntities.name]) {
      expect(shared.filter((e) => e.includes(`${name}{`) && e.startsWith('sum'))).toEqual([]);
    }
  });

  it('has a feature store row: call latency quantiles and errors by operation, the failed share, entities', () => {
    const row = rows.find((r) => r.title === 'Feature store');
    const next = rows.find((r) => r.title === 'Alerts');
    const inRow = panels.filter((p) => (p.id ?? 0) > (row?.id ?? Infinity) && (p.id ?? 0) < (next?.id ?? -Infinity));
    expect(inRow.map((p) => p.title)).toEqual([
      'Feature store call latency',
      'Feature store errors by operation',
      'Feature store failed calls',
      'Feature store entities',
    ]);
    const [latency, errors, failed, entities] = inRow;
    expect(latency?.fieldConfig?.defaults?.unit).toBe('s');
    for (const t of latency?.targets ?? []) {
      expect(t.expr).toMatch(
        new RegExp(`^histogram_quantile\\(0\\.\\d+, sum by \\(operation, le\\) \\(rate\\(${catalogue.featureStoreDuration.name}_bucket\\{`),
      );
    }
    expect(latency?.targets).toHaveLength(3);
    expect(errors?.targets?.[0]?.expr).toMatch(new RegExp(`^sum by \\(operation\\) \\(rate\\(${catalogue.featureStoreErrors.name}\\{`));
    expect(failed?.fieldConfig?.defaults?.unit).toBe('percentunit');
    expect(failed?.fieldConfig?.defaults?.thresholds?.steps.map((s) => s.value)).toEqual([null, 0.5]);
    expect(entities?.targets?.[0]?.expr).toMatch(new RegExp(`^max by \\(kind\\) \\(${catalogue.featureStoreEntities.name}\\{`));
  });

  it('draws the score drift PSI in the Model row with its 0.1 (moderate) and 0.2 (alert) bands', () => {
    const drift = byTitle('Score drift (PSI)');
    const model = rows.find((r) => r.title === 'Model');
    const alerts = rows.find((r) => r.title === 'Alerts');
    expect(drift.id).toBeGreaterThan(model?.id ?? Infinity);
    expect(drift.id).toBeLessThan(alerts?.id ?? -Infinity);
    expect(drift.targets?.[0]?.expr).toContain(catalogue.scoreDrift.name);
    expect(drift.fieldConfig?.defaults?.thresholds?.steps).toEqual([
      { value: null, color: 'green' },
      { value: 0.1, color: 'orange' },
      { value: 0.2, color: 'red' },
    ]);
    expect(drift.fieldConfig?.defaults?.custom?.thresholdsStyle?.mode).toBe('line+area');
  });

  it('draws heatmaps from Prometheus buckets', () => {
    const heatmaps = panels.filter((p) => p.type === 'heatmap');
    expect(heatmaps.map((p) => p.title)).toEqual(['Request latency distribution', 'Fraud probability distribution']);
    for (const p of heatmaps) {
      expect(p.targets?.[0]?.format).toBe('heatmap');
      expect(p.targets?.[0]?.expr).toMatch(/^sum by \(le\) \(increase\([a-z_]+_bucket\{/);
    }
  });

  it('reads the 5xx share from the SLO recording rules over 5m, 30m, 1h and 6h', () => {
    const windows = ['5m', '30m', '1h', '6h'];
    const errors = byTitle('Error ratios').targets?.map((t) => t.expr) ?? [];
    expect(errors.filter(recordsOnly)).toEqual(windows.map((w) => `${recordedSeries.httpErrorRatio(w)}{job=~"$job"}`));
    expect(byTitle('Error ratio (5xx)').targets?.map((t) => t.expr)).toEqual([`${recordedSeries.httpErrorRatio('5m')}{job=~"$job"}`]);
  });

  it('shows live precision and recall computed from feedback', () => {
    const exprs = byTitle('Live precision and recall').targets?.map((t) => t.expr) ?? [];
    expect(exprs).toHaveLength(2);
    for (const e of exprs) expect(e).toContain(catalogue.feedback.name);
  });
});

describe('dashboardTargets', () => {
  it('lists every target of every panel with its panel title and refId', () => {
    const targets = dashboardTargets(board);
    expect(targets).toHaveLength(panels.reduce((n, p) => n + (p.targets?.length ?? 0), 0));
    expect(targets).toContainEqual({
      panelTitle: catalogue.alertCounter.name,
      refId: 'A',
      expr: `max (${catalogue.alertCounter.name}{job=~"$job", instance=~"$instance"})`,
    });
  });

  it('interpolates Grafana macros and variables into plain PromQL', () => {
    expect(
      interpolate('rate(x{job=~"$job", instance=~"$instance"}[$__rate_interval])', {
        job: 'j',
        instance: '.*',
        rateInterval: '30s',
        range: '1h',
      }),
    ).toBe('rate(x{job=~"j", instance=~".*"}[30s])');
  });
});
