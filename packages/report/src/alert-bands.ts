/**
 * Alert state over the drill from Prometheus' own `ALERTS` series (what the rule evaluations
 * recorded), as pending / firing / resolved bands, and which panels show which alerts.
 */
import { alertDefinitions } from '@fraudwatch/dashboards';
import type { MatrixSeries, PrometheusApi } from '@fraudwatch/stack';
import type { ChartPanel } from './dashboard.js';
import type { AlertBand, AlertState, Seconds } from './report-data.js';
import type { TimeWindow } from './time-window.js';

/** Prometheus' synthetic series of pending and firing alerts. */
const ALERTS_SERIES = 'ALERTS';

interface Span {
  from: Seconds;
  to: Seconds;
}

/** Consecutive evaluation timestamps joined into spans; each span lasts until the step after its last sample. */
function spans(timestamps: readonly Seconds[], step: Seconds): Span[] {
  const sorted = [...new Set(timestamps)].sort((a, b) => a - b);
  const result: Span[] = [];
  for (const t of sorted) {
    const last = result.at(-1);
    if (last !== undefined && t - last.to <= step / 2) last.to = t + step;
    else result.push({ from: t, to: t + step });
  }
  return result;
}

/** Bands per alert from the `ALERTS` matrix; `resolved` runs from the end of each activity to the next one or the window's end. */
export function bandsFromAlertsSeries(matrix: readonly MatrixSeries[], window: TimeWindow): AlertBand[] {
  const byAlert = new Map<string, Record<'pending' | 'firing', Seconds[]>>();
  for (const series of matrix) {
    const { alertname, alertstate } = series.metric;
    if (alertname === undefined || (alertstate !== 'pending' && alertstate !== 'firing')) continue;
    const states = byAlert.get(alertname) ?? { pending: [], firing: [] };
    states[alertstate].push(...series.values.map(([t]) => t));
    byAlert.set(alertname, states);
  }
  const bands: AlertBand[] = [];
  for (const [alert, states] of byAlert) {
    for (const state of ['pending', 'firing'] as const satisfies readonly AlertState[]) {
      for (const span of spans(states[state], window.step)) bands.push({ alert, state, ...clamp(span, window) });
    }
    const active = spans([...states.pending, ...states.firing], window.step);
    active.forEach((span, i) => {
      const next = active[i + 1]?.from ?? window.end;
      if (span.to < window.end) bands.push({ alert, state: 'resolved', ...clamp({ from: span.to, to: next }, window) });
    });
  }
  return bands.sort((a, b) => a.from - b.from || a.alert.localeCompare(b.alert));
}

function clamp(span: Span, window: TimeWindow): Span {
  return { from: Math.max(span.from, window.start), to: Math.min(span.to, window.end) };
}

export async function queryAlertBands(api: Pick<PrometheusApi, 'queryRange'>, window: TimeWindow): Promise<AlertBand[]> {
  return bandsFromAlertsSeries(await api.queryRange(ALERTS_SERIES, window), window);
}

/**
 * Panel id → the alerts it shows. Each alert names the panel that shows what it watches; every
 * panel plotting one of that panel's queries (the `alert_counter` stat and time series) shows it.
 */
export function alertsByPanel(charts: readonly ChartPanel[]): Map<number, string[]> {
  const byPanel = new Map<number, string[]>();
  for (const alert of alertDefinitions('default')) {
    const home = charts.find((c) => c.title === alert.panel);
    if (home === undefined) continue;
    const exprs = new Set(home.queries.map((q) => q.expr));
    for (const chart of charts) {
      if (chart.queries.some((q) => exprs.has(q.expr))) byPanel.set(chart.id, [...(byPanel.get(chart.id) ?? []), alert.name]);
    }
  }
  return byPanel;
}
