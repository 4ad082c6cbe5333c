/**
 * All real: the built predictor, Prometheus with the generated fast rules, the loadgen's
 * scenarios as a short drill (baseline, fraud burst until the alerts fire, terminal-13 reset,
 * resolved), then the report drawn from that Prometheus and opened in Debian's Chromium.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREDICTOR_JOB, SEED_ALERT_THRESHOLD, rulesFilePath } from '@fraudwatch/dashboards';
import { pollUntil, runNodeApp, startNodeApp, startStack, type RunningNodeApp, type Stack } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DASHBOARD_JSON_PATH,
  REPORT_FILES,
  VIEWPORT,
  launchBrowser,
  startDrillReport,
  writeReportPage,
  type DrillReportSummary,
  type DrillStep,
} from '../src/index.js';
import { pngSize } from './png.js';

/** The built apps, resolved through this package's dev dependencies on them. */
const PREDICTOR = import.meta.resolve('@fraudwatch/predictor/main');
const LOADGEN = import.meta.resolve('@fraudwatch/loadgen/cli');

const ALERT = 'AlertCounterHigh';
/** What the drill's burst trips with the fast rules; the drill waits for both. */
const BURST_ALERTS = [ALERT, 'FraudRateSpike'];

interface RawPanel {
  id?: number;
  type: string;
  title?: string;
  targets?: { refId: string; expr: string }[];
  collapsed?: boolean;
  panels?: RawPanel[];
}

/** Chart panels counted straight from the dashboard JSON, rows' nested panels included. */
function chartPanelIds(panels: readonly RawPanel[]): number[] {
  return panels.flatMap((p) => (p.type === 'timeseries' || p.type === 'stat' ? [p.id ?? -1] : chartPanelIds(p.panels ?? [])));
}

async function dashboardPanels(): Promise<RawPanel[]> {
  return (JSON.parse(await readFile(DASHBOARD_JSON_PATH, 'utf8')) as { panels: RawPanel[] }).panels;
}

/** The report data the page carries inline. */
async function inlineData(htmlFile: string): Promise<{ panels: { id: number; title: string; thresholds: number[]; alerts: string[] }[] }> {
  const html = await readFile(htmlFile, 'utf8');
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error('no inline report data');
  return JSON.parse(json) as Awaited<ReturnType<typeof inlineData>>;
}

describe('the drill report against a real predictor, Prometheus and Chromium', () => {
  let predictor: RunningNodeApp;
  let stack: Stack;
  let dir: string;
  let summary: DrillReportSummary;
  let drill: { start: Date; end: Date };
  const steps: DrillStep[] = [];
  const firingAtCapture: string[] = [];

  const firingAlerts = async (): Promise<string[]> =>
    (await stack.api.alerts()).filter((a) => a.state === 'firing').map((a) => a.labels.alertname ?? '');
  const loadgen = async (args: string[], signal?: AbortSignal): Promise<void> => {
    const result = await runNodeApp(LOADGEN, [...args, '--target', predictor.url, '--quiet'], { timeoutMs: 40_000, ...(signal ? { signal } : {}) });
    if (result.exitCode !== 0 && signal?.aborted !== true) throw new Error(`loadgen ${args[0]} failed: ${result.stderr}`);
  };
  const waitForFiring = (what: string, done: (firing: string[]) => boolean): Promise<true> =>
    pollUntil(async () => (done(await firingAlerts()) ? true : undefined), { what, timeoutMs: 40_000, intervalMs: 250 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fraudwatch-report-'));
    predictor = await startNodeApp({ name: 'predictor', entry: PREDICTOR });
    stack = await startStack({ jobName: PREDICTOR_JOB, targets: [predictor.address], rulesFiles: [rulesFilePath('fast')] });
    const report = await startDrillReport({ dir, prometheusUrl: stack.prometheusUrl });
    try {
      const start = new Date();
      steps.push({ name: 'baseline', at: new Date() });
      // 600 scores: enough for the predictor to report its score drift (it waits for 500). The
      // simulator's seed fixes them, and the ~1 % the model flags keep alert_counter below 5.
      await loadgen(['baseline', '--amount', '600', '--rate', '100']);

      steps.push({ name: 'fraud-burst', at: new Date() });
      const stopBurst = new AbortController();
      const burst = loadgen(['fraud-burst', '--duration', '40', '--rate', '50'], stopBurst.signal);
      await waitForFiring(`${BURST_ALERTS.join(' and ')} to fire`, (firing) => BURST_ALERTS.every((a) => firing.includes(a)));
      stopBurst.abort();
      await burst;
      firingAtCapture.push(...(await firingAlerts()));
      await report.captureAlerts('firing');

      steps.push({ name: 'reset', at: new Date() });
      await loadgen(['reset']);
      await waitForFiring('every alert to resolve', (firing) => firing.length === 0);
      await report.captureAlerts('resolved');

      // Labels for live precision and recall, as the demo sends after its drill.
      await loadgen(['feedback', '--amount', '10']);
      await stack.api.waitForScrapeAfter(Date.now(), 10_000);
      drill = { start, end: new Date() };
      summary = await report.finish({ ...drill, steps });
    } finally {
      await report.close();
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await predictor?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every time-series and stat panel of the dashboard, each with data: no panel is empty', async () => {
    const ids = chartPanelIds(await dashboardPanels());
    expect(ids.length).toBeGreaterThan(10);
    expect(summary.page.panels.map((p) => p.id)).toEqual(ids);
    expect(summary.emptyPanels).toEqual([]);
    for (const panel of summary.page.panels) {
      expect(panel.series, `panel ${panel.id}`).toBeGreaterThan(0);
      expect(panel.charts, `panel ${panel.id} drawn`).toBeGreaterThan(0);
    }
  });

  it('loads from disk with no console error and no network request', () => {
    expect(summary.page.consoleErrors).toEqual([]);
    expect(summary.page.networkRequests).toEqual([]);
  });

  it('bands AlertCounterHigh firing during the burst and resolved after the reset, with the threshold on its panels', async () => {
    expect(firingAtCapture).toEqual(expect.arrayContaining([ALERT]));
    const [, burst, reset] = steps.map((s) => s.at.getTime() / 1000);
    const bands = summary.alertBands.filter((b) => b.alert === ALERT);
    const firing = bands.find((b) => b.state === 'firing');
    expect(firing?.from).toBeGreaterThanOrEqual(Math.floor(burst ?? 0));
    expect(firing?.from).toBeLessThanOrEqual(Math.ceil(reset ?? 0));
    expect(bands.find((b) => b.state === 'resolved')?.from).toBeGreaterThanOrEqual(Math.floor(reset ?? 0));

    const data = await inlineData(summary.htmlFile);
    const alertPanels = data.panels.filter((p) => p.alerts.includes(ALERT));
    // The alert_counter stat and time series.
    expect(alertPanels.map((p) => p.title).sort()).toEqual(['alert_counter', 'alert_counter over time']);
    for (const panel of alertPanels) expect(panel.thresholds).toEqual([SEED_ALERT_THRESHOLD]);
  });

  it('writes non-empty full-page screenshots of the page and of Prometheus', async () => {
    const files = summary.screenshots.map((s) => s.file.slice(dir.length + 1)).sort();
    expect(files).toEqual([REPORT_FILES.alertsFiring, REPORT_FILES.alertsResolved, REPORT_FILES.pageScreenshot, REPORT_FILES.targets].sort());
    for (const shot of summary.screenshots) {
      const png = await pngSize(shot.file);
      expect(png.width, shot.file).toBe(VIEWPORT.width);
      expect(png.height, shot.file).toBe(Math.max(shot.height, VIEWPORT.height));
      expect(png.bytes, shot.file).toBeGreaterThan(10_000);
    }
    // The report is long: every panel, not a viewport's worth.
    expect(summary.page.height).toBeGreaterThan(2 * VIEWPORT.height);
  });

  it('reports a panel whose query returns nothing, or fails, as empty, in a collapsed row too', async () => {
    const broken: RawPanel = {
      type: 'row',
      title: 'Broken',
      collapsed: true,
      panels: [
        { id: 900, type: 'timeseries', title: 'Renamed metric', targets: [{ refId: 'A', expr: 'predictor_no_such_metric{job=~"$job"}' }] },
        { id: 901, type: 'stat', title: 'Bad PromQL', targets: [{ refId: 'A', expr: 'sum(rate(alert_counter[$__rate_interval])' }] },
      ],
    };
    const board = JSON.parse(await readFile(DASHBOARD_JSON_PATH, 'utf8')) as { panels: RawPanel[] };
    board.panels.push(broken);
    const brokenDir = join(dir, 'broken');
    const dashboardPath = join(dir, 'broken-dashboard.json');
    await writeFile(dashboardPath, JSON.stringify(board));

    const result = await writeReportPage({ dir: brokenDir, prometheusUrl: stack.prometheusUrl, ...drill, steps, dashboardPath });
    expect(result.emptyPanels.map((p) => [p.id, p.errors.length > 0])).toEqual([
      [900, false],
      [901, true],
    ]);
    expect(result.emptyPanels[1]?.errors[0]).toMatch(/^A: .*bad_data.*parse error/);

    const browser = await launchBrowser();
    try {
      const page = await browser.screenshotReport(result.htmlFile, join(brokenDir, REPORT_FILES.pageScreenshot));
      expect(page.consoleErrors).toEqual([]);
      expect(page.panels.filter((p) => p.id >= 900)).toEqual([
        { id: 900, series: 0, charts: 0 },
        { id: 901, series: 0, charts: 0 },
      ]);
    } finally {
      await browser.close();
    }
    const html = await readFile(result.htmlFile, 'utf8');
    expect(html).toContain('2 panel(s) without data: Renamed metric (panel 900), Bad PromQL (panel 901)');
    expect(html).toContain('No data: its queries returned nothing over the drill');
    expect(html).toContain('No data: its queries failed');
  }, 60_000);
});
