/**
 * What the drill calls: start it with the report's folder, take Prometheus' alerts page while the
 * alert fires and after it resolves, and finish with the page, its screenshot and the targets page.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, type LaunchOptions, type ReportPageCheck, type Screenshot } from './browser.js';
import { REPORT_PAGE_FILE, writeReportPage, type DrillStep, type ReportPageOptions, type ReportSummary } from './report.js';

/** The files a drill report folder holds. */
export const REPORT_FILES = {
  page: REPORT_PAGE_FILE,
  pageScreenshot: 'report.png',
  targets: 'prometheus-targets.png',
  alertsFiring: 'prometheus-alerts-firing.png',
  alertsResolved: 'prometheus-alerts-resolved.png',
} as const;

export type AlertsMoment = 'firing' | 'resolved';

export interface DrillReportOptions
  extends LaunchOptions,
    Pick<ReportPageOptions, 'dir' | 'prometheusUrl' | 'scrapeIntervalSeconds' | 'dashboardPath' | 'title'> {}

export interface DrillReportSummary extends ReportSummary {
  /** The report page as Chromium loaded it: console errors, network requests, panels drawn. */
  readonly page: ReportPageCheck;
  readonly screenshots: readonly Screenshot[];
}

export interface DrillReport {
  /** `prometheus-alerts-firing.png` or `prometheus-alerts-resolved.png`, now. */
  captureAlerts(moment: AlertsMoment): Promise<Screenshot>;
  /** Writes `index.html`, `report.png` and `prometheus-targets.png`, then closes the browser. */
  finish(drill: { readonly start: Date; readonly end: Date; readonly steps: readonly DrillStep[] }): Promise<DrillReportSummary>;
  /** Closes the browser (idempotent); for the drill's cleanup path. */
  close(): Promise<void>;
}

/** Creates the folder and launches Chromium, so that a missing browser fails before the drill starts. */
export async function startDrillReport(options: DrillReportOptions): Promise<DrillReport> {
  await mkdir(options.dir, { recursive: true });
  const browser = await launchBrowser(options.executablePath === undefined ? {} : { executablePath: options.executablePath });
  const file = (name: string): string => join(options.dir, name);
  const screenshots: Screenshot[] = [];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser.close();
  };

  return {
    async captureAlerts(moment) {
      const shot = await browser.screenshotPrometheus(
        options.prometheusUrl,
        'alerts',
        file(moment === 'firing' ? REPORT_FILES.alertsFiring : REPORT_FILES.alertsResolved),
      );
      screenshots.push(shot);
      return shot;
    },
    async finish(drill) {
      try {
        const summary = await writeReportPage({ ...options, ...drill });
        const page = await browser.screenshotReport(summary.htmlFile, file(REPORT_FILES.pageScreenshot));
        const targets = await browser.screenshotPrometheus(options.prometheusUrl, 'targets', file(REPORT_FILES.targets));
        screenshots.push(page, targets);
        return { ...summary, page, screenshots: [...screenshots] };
      } finally {
        await close();
      }
    },
    close,
  };
}
