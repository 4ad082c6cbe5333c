/** The report page: the dashboard's panels queried over the drill and written as one HTML file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrometheusApi } from '@fraudwatch/stack';
import { alertsByPanel, queryAlertBands } from './alert-bands.js';
import { loadDashboard } from './dashboard.js';
import { renderPage } from './page.js';
import { queryPanels } from './panel-data.js';
import type { AlertBand, PanelData, ReportData } from './report-data.js';
import { timeWindow, windowTimestamps } from './time-window.js';

/** A drill step and when it began; drawn as a mark on the charts. */
export interface DrillStep {
  readonly name: string;
  readonly at: Date;
}

export interface ReportPageOptions {
  /** Written to `dir/index.html`; created if missing. */
  readonly dir: string;
  readonly prometheusUrl: string;
  readonly start: Date;
  readonly end: Date;
  readonly steps: readonly DrillStep[];
  /** Prometheus' scrape interval, for `$__rate_interval` and the step (default 1 s: the local stack's). */
  readonly scrapeIntervalSeconds?: number;
  /** Default: the generated dashboard JSON. */
  readonly dashboardPath?: string;
  readonly title?: string;
}

export interface PanelSummary {
  readonly id: number;
  readonly title: string;
  readonly type: PanelData['type'];
  /** Series drawn: those with at least one value. */
  readonly series: number;
  readonly errors: readonly string[];
}

export interface ReportSummary {
  readonly htmlFile: string;
  readonly panels: readonly PanelSummary[];
  /** Panels that drew nothing: every query returned no values, or failed. */
  readonly emptyPanels: readonly PanelSummary[];
  readonly alertBands: readonly AlertBand[];
}

export const REPORT_PAGE_FILE = 'index.html';
const DEFAULT_SCRAPE_INTERVAL_SECONDS = 1;

export async function writeReportPage(options: ReportPageOptions): Promise<ReportSummary> {
  const dashboard = await loadDashboard(options.dashboardPath);
  const api = createPrometheusApi(options.prometheusUrl);
  const scrapeInterval = options.scrapeIntervalSeconds ?? DEFAULT_SCRAPE_INTERVAL_SECONDS;
  // What happened just before `end` (the drill's last step) is in the TSDB only after the next scrape.
  await api.waitForScrapeAfter(options.end.getTime(), (3 * scrapeInterval + 5) * 1000);
  const window = timeWindow(options.start, options.end, scrapeInterval);
  const alerts = alertsByPanel(dashboard.charts);
  const panels = (await queryPanels(api, dashboard, window)).map((p) => ({ ...p, alerts: alerts.get(p.id) ?? [] }));
  const data: ReportData = {
    title: options.title ?? 'FraudWatch drill report',
    dashboardTitle: dashboard.title,
    prometheusUrl: options.prometheusUrl,
    start: window.start,
    end: window.end,
    step: window.step,
    xs: windowTimestamps(window),
    steps: options.steps.map((s) => ({ name: s.name, at: s.at.getTime() / 1000 })),
    alertBands: await queryAlertBands(api, window),
    panels,
    skipped: dashboard.skipped,
  };
  await mkdir(options.dir, { recursive: true });
  const htmlFile = join(options.dir, REPORT_PAGE_FILE);
  await writeFile(htmlFile, renderPage(data));
  const summaries = panels.map(({ id, title, type, series, errors }) => ({ id, title, type, series: series.length, errors }));
  return { htmlFile, panels: summaries, emptyPanels: summaries.filter((p) => p.series === 0), alertBands: data.alertBands };
}
