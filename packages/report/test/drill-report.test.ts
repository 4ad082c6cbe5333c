/**
 * The report against a real predictor scraped by a real Prometheus (generated fast rules) and
 * Debian's Chromium, on a dashboard cut down from the generated one: its two alert_counter panels,
 * and a collapsed row with a renamed metric and a broken query. The full dashboard over a real
 * drill is e2e/'s (`loadgen drill --report`), on the stack it already runs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertNames } from '@fraudwatch/metrics';
import { PREDICTOR_JOB, SEED_ALERT_THRESHOLD, rulesFilePath } from '@fraudwatch/dashboards';
import { startNodeApp, startStack, type RunningNodeApp, type Stack } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_JSON_PATH, REPORT_FILES, VIEWPORT, startDrillReport, type DrillReportSummary } from '../src/index.js';
import { inlineReportData, pngSize } from '../src/testing/index.js';

interface RawPanel {
  id: number;
  type: string;
  title: string;
  targets?: { refId: string; expr: string }[];
  collapsed?: boolean;
  panels?: RawPanel[];
}

/** Every panel of the generated dashboard, rows' nested panels included. */
const allPanels = (panels: readonly RawPanel[]): RawPanel[] => panels.flatMap((p) => [p, ...(p.panels ?? [])]);

/** The alert_counter stat and time series of the generated dashboard, found by what they query (ids move as rows are added). */
function alertCounterPanels(panels: readonly RawPanel[]): [RawPanel, RawPanel] {
  const plotting = (type: string): RawPanel => {
    const found = allPanels(panels).find((p) => p.type === type && (p.targets ?? []).some((t) => /\balert_counter\{/.test(t.expr)));
    if (found === undefined) throw new Error(`the generated dashboard has no ${type} panel of alert_counter`);
    return found;
  };
  return [plotting('stat'), plotting('timeseries')];
}

/** The generated dashboard (its variables included) with only the panels this test draws. */
async function cutDownDashboard(file: string): Promise<RawPanel[]> {
  const board = JSON.parse(await readFile(DASHBOARD_JSON_PATH, 'utf8')) as { panels: RawPanel[] };
  const [stat, series] = alertCounterPanels(board.panels);
  const broken = (id: number, title: string, expr: string): RawPanel => ({ ...series, id, title, targets: [{ refId: 'A', expr }] });
  const panels: RawPanel[] = [
    stat,
    series,
    {
      id: 899,
      type: 'row',
      title: 'Broken',
      collapsed: true,
      panels: [
        broken(900, 'Renamed metric', 'predictor_no_such_metric{job=~"$job"}'),
        { ...broken(901, 'Bad PromQL', 'sum(rate(alert_counter[$__rate_interval])'), type: 'stat' },
      ],
    },
  ];
  await writeFile(file, JSON.stringify({ ...board, panels }));
  return [stat, series];
}

describe('the drill report against a real predictor, Prometheus and Chromium', () => {
  let predictor: RunningNodeApp;
  let stack: Stack;
  let dir: string;
  let summary: DrillReportSummary;
  /** The alert_counter stat and time series of the generated dashboard. */
  let alertCounterPanelsDrawn: RawPanel[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fraudwatch-report-'));
    const dashboardPath = join(dir, 'dashboard.json');
    alertCounterPanelsDrawn = await cutDownDashboard(dashboardPath);
    predictor = await startNodeApp({ name: 'predictor', entry: import.meta.resolve('@fraudwatch/predictor/main') });
    stack = await startStack({ jobName: PREDICTOR_JOB, targets: [predictor.address], rulesFiles: [rulesFilePath('fast')] });
    const reportDir = join(dir, 'report');
    const report = await startDrillReport({ dir: reportDir, prometheusUrl: stack.prometheusUrl, dashboardPath });
    try {
      const start = new Date();
      await stack.api.waitForScrapeAfter(start.getTime() + 2_000, 10_000);
      await report.captureAlerts('firing');
      await report.captureAlerts('resolved');
      // Steps 10 ms apart: their marks all but coincide on any chart of the page.
      const steps = ['baseline', 'fraud-burst', 'reset'].map((name, i) => ({ name, at: new Date(start.getTime() + i * 10) }));
      summary = await report.finish({ start, end: new Date(), steps });
    } finally {
      await report.close();
    }
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await predictor?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws the panels with data, with the threshold and the alert on both alert_counter panels', async () => {
    expect(summary.page.panels.filter((p) => p.id < 900)).toEqual(
      // One predictor: each query of the panel draws one series.
      alertCounterPanelsDrawn.map((p) => ({ id: p.id, series: p.targets?.length, charts: 1, stepLabels: expect.any(Array) })),
    );
    const data = await inlineReportData(summary.htmlFile);
    for (const { id } of alertCounterPanelsDrawn) {
      const panel = data.panels.find((p) => p.id === id);
      expect(panel?.thresholds, `panel ${id}`).toEqual([SEED_ALERT_THRESHOLD]);
      expect(panel?.alerts, `panel ${id}`).toContain(alertNames.alertCounterHigh);
    }
    expect(data.steps.map((s) => s.name)).toEqual(['baseline', 'fraud-burst', 'reset']);
  });

  it('labels steps closer than their names are long without overlapping, on two rows above the plot', () => {
    const series = summary.page.panels.find((p) => p.id === alertCounterPanelsDrawn[1]!.id)!;
    const labels = series.stepLabels;
    expect(labels.map((l) => l.name)).toEqual(['baseline', 'fraud-burst', 'reset']);
    expect(new Set(labels.map((l) => l.row))).toEqual(new Set([0, 1]));
    for (const a of labels)
      for (const b of labels) if (a !== b && a.row === b.row) expect(a.right <= b.left || b.right <= a.left, `${a.name} and ${b.name}`).toBe(true);
    // A stat's sparkline draws no step labels.
    expect(summary.page.panels.find((p) => p.id === alertCounterPanelsDrawn[0]!.id)?.stepLabels).toEqual([]);
  });

  it('reports a panel whose query returns nothing, or fails, as empty, in a collapsed row too', async () => {
    expect(summary.emptyPanels.map((p) => [p.id, p.errors.length > 0])).toEqual([
      [900, false],
      [901, true],
    ]);
    expect(summary.emptyPanels[1]?.errors[0]).toMatch(/^A: .*bad_data.*parse error/);
    expect(summary.page.panels.filter((p) => p.id >= 900)).toEqual([
      { id: 900, series: 0, charts: 0, stepLabels: [] },
      { id: 901, series: 0, charts: 0, stepLabels: [] },
    ]);
    const html = await readFile(summary.htmlFile, 'utf8');
    expect(html).toContain('2 panel(s) without data: Renamed metric (panel 900), Bad PromQL (panel 901)');
    expect(html).toContain('No data: its queries returned nothing over the drill');
    expect(html).toContain('No data: its queries failed');
  });

  it('loads from disk with no console error and no network request', () => {
    expect(summary.page.consoleErrors).toEqual([]);
    expect(summary.page.networkRequests).toEqual([]);
  });

  it('writes full-page PNG screenshots of the page and of Prometheus, of the page size', async () => {
    const files = summary.screenshots.map((s) => s.file.slice(join(dir, 'report').length + 1)).sort();
    expect(files).toEqual([REPORT_FILES.alertsFiring, REPORT_FILES.alertsResolved, REPORT_FILES.pageScreenshot, REPORT_FILES.targets].sort());
    for (const shot of summary.screenshots) {
      const png = await pngSize(shot.file);
      expect(png.width, shot.file).toBe(VIEWPORT.width);
      expect(png.height, shot.file).toBe(Math.max(shot.height, VIEWPORT.height));
      expect(png.bytes, shot.file).toBeGreaterThan(10_000);
    }
  });
});
