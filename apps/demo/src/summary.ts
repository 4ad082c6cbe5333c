/** The demo's closing summary: what fired, when, when it resolved, what Alertmanager delivered. */
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
