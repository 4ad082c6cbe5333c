/**
 * All real: the built predictor, Prometheus with the generated fast rules, the loadgen's
 * scenarios as a short drill (baseline, fraud burst until AlertCounterHigh fires, terminal-13
 * reset, resolved), then the report drawn from that Prometheus and opened in Debian's Chromium.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEED_ALERT_THRESHOLD, rulesFilePath } from '@fraudwatch/dashboards';
import { pollUntil, runLoadgen, startPredictor, startStack, type RunningPredictor, type Stack } from '@fraudwatch/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_JSON_PATH, REPORT_FILES, VIEWPORT, startDrillReport, type DrillReportSummary, type DrillStep } from '../src/index.js';
import { pngSize } from './png.js';

const ALERT = 'AlertCounterHigh';

/** Chart panels counted straight from the dashboard JSON, rows' nested panels included. */
function chartPanelIds(panels: readonly { id?: number; type: string; panels?: unknown[] }[]): number[] {
  return panels.flatMap((p) =>
    p.type === 'timeseries' || p.type === 'stat' ? [p.id ?? -1] : chartPanelIds((p.panels ?? []) as typeof panels),
  );
}

/** The report data the page carries inline. */
async function inlineData(htmlFile: string): Promise<{ panels: { id: number; title: string; thresholds: number[]; alerts: string[] }[] }> {
  const html = await readFile(htmlFile, 'utf8');
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error('no inline report data');
  return JSON.parse(json) as Awaited<ReturnType<typeof inlineData>>;
}

describe('the drill report against a real predictor, Prometheus and Chromium', () => {
  let predictor: RunningPredictor;
  let stack: Stack;
  let dir: string;
  let summary: DrillReportSummary;
  const steps: DrillStep[] = [];
  let firingSeen = false;

  const alertState = async (name: string): Promise<string | undefined> =>
    (await stack.api.alerts()).find((a) => a.labels.alertname === name)?.state;
  const loadgen = async (args: string[], signal?: AbortSignal): Promise<void> => {
    const result = await runLoadgen([...args, '--target', predictor.url, '--quiet'], { timeoutMs: 40_000, ...(signal ? { signal } : {}) });
    if (result.exitCode !== 0 && signal?.aborted !== true) throw new Error(`loadgen ${args[0]} failed: ${result.stderr}`);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fraudwatch-report-'));
    predictor = await startPredictor();
    stack = await startStack({ targets: [predictor.address], rulesFiles: [rulesFilePath('fast')] });
    const report = await startDrillReport({ dir, prometheusUrl: stack.prometheusUrl });
    try {
      const start = new Date();
      steps.push({ name: 'baseline', at: new Date() });
      // 600 scores: enough for the predictor to report its score drift (it waits for 500).
      await loadgen(['baseline', '--duration', '6', '--rate', '100']);

      steps.push({ name: 'fraud-burst', at: new Date() });
      const stopBurst = new AbortController();
      const burst = loadgen(['fraud-burst', '--duration', '30', '--rate', '50'], stopBurst.signal);
      await pollUntil(async () => ((await alertState(ALERT)) === 'firing' ? true : undefined), {
        what: `${ALERT} to fire`,
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      stopBurst.abort();
      await burst;
      firingSeen = (await alertState(ALERT)) === 'firing';
      await report.captureAlerts('firing');

      steps.push({ name: 'reset', at: new Date() });
      await loadgen(['reset']);
      // Every alert the burst tripped (FraudRateSpike too) back to normal, as the drill waits for.
      await pollUntil(async () => ((await stack.api.alerts()).every((a) => a.state !== 'firing') ? true : undefined), {
        what: 'every alert to resolve',
        timeoutMs: 40_000,
        intervalMs: 250,
      });
      await report.captureAlerts('resolved');

      // Labels for live precision and recall, as the demo sends after its drill.
      await loadgen(['feedback', '--amount', '10']);
      await stack.api.waitForScrapeAfter(Date.now(), 10_000);
      await sleep(1_000);
      summary = await report.finish({ start, end: new Date(), steps });
    } finally {
      await report.close();
    }
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await predictor?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every time-series and stat panel of the dashboard, each with data, and no panel empty', async () => {
    const board = JSON.parse(await readFile(DASHBOARD_JSON_PATH, 'utf8')) as { panels: Parameters<typeof chartPanelIds>[0] };
    const ids = chartPanelIds(board.panels);
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
    expect(firingSeen).toBe(true);
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
    expect(files).toEqual(
      [REPORT_FILES.alertsFiring, REPORT_FILES.alertsResolved, REPORT_FILES.pageScreenshot, REPORT_FILES.targets].sort(),
    );
    for (const shot of summary.screenshots) {
      const png = await pngSize(shot.file);
      expect(png.width, shot.file).toBe(VIEWPORT.width);
      expect(png.height, shot.file).toBe(Math.max(shot.height, VIEWPORT.height));
      expect(png.bytes, shot.file).toBeGreaterThan(10_000);
    }
    // The report is long: every panel, not a viewport's worth.
    expect(summary.page.height).toBeGreaterThan(2 * VIEWPORT.height);
  });
});
