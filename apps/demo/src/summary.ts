/** The demo's closing summary: what fired, when, when it resolved, what Alertmanager delivered, where the report is. */
import type { AlertEvent } from '@fraudwatch/stack';

export interface AlertHistory {
  readonly alertname: string;
  /** When Prometheus says the alert started firing (the notification's startsAt). */
  readonly startsAt?: Date;
  /** When the first firing notification reached the webhook. */
  readonly firingDeliveredAt?: Date;
  /** When the alert ended (the resolved notification's endsAt). */
  readonly endsAt?: Date;
  /** When the resolved notification reached the webhook. */
  readonly resolvedDeliveredAt?: Date;
  /** Notifications (firing and resolved) that carried this alert. */
  readonly notifications: number;
}

/** Folds webhook events into one history per alert name, in order of first appearance. */
export function alertHistories(events: readonly AlertEvent[]): AlertHistory[] {
  const byName = new Map<string, AlertHistory>();
  for (const event of events) {
    const h = byName.get(event.alertname) ?? { alertname: event.alertname, notifications: 0 };
    byName.set(event.alertname, {
      ...h,
      notifications: h.notifications + 1,
      ...(event.status === 'firing'
        ? { startsAt: h.startsAt ?? new Date(event.startsAt), firingDeliveredAt: h.firingDeliveredAt ?? event.receivedAt }
        : { endsAt: new Date(event.endsAt), resolvedDeliveredAt: h.resolvedDeliveredAt ?? event.receivedAt }),
    });
  }
  return [...byName.values()];
}

const at = (date: Date | undefined, origin: Date): string =>
  date === undefined ? 'never' : `t+${((date.getTime() - origin.getTime()) / 1000).toFixed(1)}s`;

/** Human lines, times relative to `origin` (the demo's start). */
export function formatHistories(histories: readonly AlertHistory[], origin: Date): string[] {
  if (histories.length === 0) return ['  no notification reached the webhook'];
  return histories.map(
    (h) =>
      `  ${h.alertname.padEnd(26)} fired ${at(h.startsAt, origin)} (delivered ${at(h.firingDeliveredAt, origin)}), ` +
      `resolved ${at(h.endsAt, origin)} (delivered ${at(h.resolvedDeliveredAt, origin)}), ${h.notifications} notification(s)`,
  );
}

/** The part of the drill's `report` (loadgen `drill --report`) the summary names. */
export interface DrillReportOutline {
  readonly htmlFile: string;
  readonly emptyPanels: readonly { readonly id: number; readonly title: string }[];
}

/** Where the drill report is and which panels drew nothing; `dir` when the drill wrote none. */
export function formatReportLines(report: DrillReportOutline | undefined, dir: string): string[] {
  if (report === undefined) return [`  drill report: not written (see the drill's output above); folder ${dir}`];
  const empty = report.emptyPanels.map((p) => `${p.title} (panel ${p.id})`);
  return [
    `  drill report (open in a browser): ${report.htmlFile}`,
    `    with report.png and Prometheus' targets and alerts pages (firing, resolved) as PNGs beside it`,
    `    dashboard panels without data over the drill: ${empty.length === 0 ? 'none' : empty.join(', ')}`,
  ];
}
