import { z } from 'zod';
import { decode, getJson, underBase } from './http.js';

const alertmanagerAlert = z.object({
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  status: z.object({ state: z.string() }),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlert>;

export interface AlertmanagerApi {
  /** The alerts Alertmanager holds (`/api/v2/alerts` lists only unresolved ones). */
  alerts(): Promise<AlertmanagerAlert[]>;
  /** Their names. */
  alertNames(): Promise<Set<string>>;
}

/** A client for the part of Alertmanager's v2 API the drill reads; `baseUrl` may carry a path prefix. */
export function createAlertmanagerApi(baseUrl: string | URL): AlertmanagerApi {
  const api: AlertmanagerApi = {
    alerts: async () => decode(z.array(alertmanagerAlert), await getJson(underBase(baseUrl, 'api/v2/alerts')), 'Alertmanager /api/v2/alerts'),
    alertNames: async () => new Set((await api.alerts()).flatMap((a) => (a.labels.alertname === undefined ? [] : [a.labels.alertname]))),
  };
  return api;
}
