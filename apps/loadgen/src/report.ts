/**
 * `drill --report DIR`: the drill report of @fraudwatch/report, plugged into the drill as its
 * observer (Prometheus' alerts page while the alerts fire and once they resolve), then drawn over
 * the drill's time range with its steps as marks.
 */
import { startDrillReport, type DrillReportSummary } from '@fraudwatch/report';
import type { DrillObserver, DrillReport, DrillStep } from './drill.js';

/** The steps marked on the charts: what changes the traffic. */
const MARKED_STEPS: readonly DrillStep[] = ['baseline', 'fraud-burst', 'reset'];

/** The drill's JSON with `--report`: the report's summary (panels, empty ones, screenshots) added. */
export type PicturedDrill = DrillReport & { readonly report: DrillReportSummary };

export interface DrillPictures {
  readonly observer: DrillObserver;
  /** Writes the page and the remaining screenshots, from the drill's start to `end`. */
  finish(drill: DrillReport, end: Date): Promise<DrillReportSummary>;
  /** Closes the browser (idempotent). */
  close(): Promise<void>;
}

/** Launches Chromium now, so that a missing browser fails before the drill starts. */
export async function startDrillPictures(dir: string, prometheus: URL): Promise<DrillPictures> {
  const report = await startDrillReport({ dir, prometheusUrl: prometheus.href });
  return {
    observer: {
      alertsFiring: async () => {
        await report.captureAlerts('firing');
      },
      alertsResolved: async () => {
        await report.captureAlerts('resolved');
      },
    },
    finish: (drill, end) => {
      const start = drill.startedAt;
      const steps = drill.timeline
        .filter((e) => e.event === 'step' && (MARKED_STEPS as readonly string[]).includes(e.step))
        .map((e) => ({ name: e.step, at: new Date(start.getTime() + e.t * 1000) }));
      return report.finish({ start, end, steps });
    },
    close: () => report.close(),
  };
}

/** One line for the drill's human summary: where the page is and which panels drew nothing. */
export function formatReportLine(summary: DrillReportSummary): string {
  const empty = summary.emptyPanels.map((p) => `${p.title} (panel ${p.id})`);
  return `report: ${summary.htmlFile} (${summary.panels.length} panels; without data: ${empty.length === 0 ? 'none' : empty.join(', ')})`;
}
