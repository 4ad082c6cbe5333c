/** Each chart panel's queries run through Prometheus' `query_range` over the drill's window. */
import { interpolate } from '@fraudwatch/dashboards';
import type { MatrixSeries, PrometheusApi } from '@fraudwatch/stack';
import type { ChartPanel, Dashboard, PanelQuery } from './dashboard.js';
import type { PanelData, SeriesData } from './report-data.js';
import { windowTimestamps, type TimeWindow } from './time-window.js';

type RangeQuery = Pick<PrometheusApi, 'queryRange'>;

/** Grafana's legend: `{{label}}` filled in; `__auto` or none shows the series' labels. */
export function seriesName(query: PanelQuery, metric: Record<string, string>): string {
  const legend = query.legendFormat;
  if (legend !== undefined && legend !== '' && legend !== '__auto') {
    return legend.replace(/\{\{\s*([a-zA-Z_]\w*)\s*\}\}/g, (_, label: string) => metric[label] ?? '');
  }
  const { __name__: name = '', ...labels } = metric;
  const inner = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ');
  return inner === '' && name === '' ? query.expr : `${name}{${inner}}`;
}

/** The series' values on the window's timestamps; NaN and ±Inf (nothing Grafana can draw) become null. */
function aligned(series: MatrixSeries, window: TimeWindow, length: number): (number | null)[] {
  const values: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const [t, text] of series.values) {
    const index = Math.round((t - window.start) / window.step);
    const value = Number(text);
    if (index >= 0 && index < length && Number.isFinite(value)) values[index] = value;
  }
  return values;
}

async function panelData(api: RangeQuery, panel: ChartPanel, variables: Dashboard['variables'], window: TimeWindow): Promise<PanelData> {
  const length = windowTimestamps(window).length;
  const values = { job: variables.job ?? '.*', instance: variables.instance ?? '.*', rateInterval: window.rateInterval, range: window.range };
  const series: SeriesData[] = [];
  const errors: string[] = [];
  const results = await Promise.allSettled(
    panel.queries.map((q) => api.queryRange(interpolate(q.expr, values), window)),
  );
  results.forEach((result, i) => {
    const query = panel.queries[i] as PanelQuery;
    if (result.status === 'rejected') {
      errors.push(`${query.refId}: ${(result.reason as Error).message}`);
      return;
    }
    for (const s of result.value) {
      const data = aligned(s, window, length);
      if (data.some((v) => v !== null)) series.push({ name: seriesName(query, s.metric), values: data });
    }
  });
  const { queries: _queries, ...shown } = panel;
  return { ...shown, series, errors, alerts: [] };
}

/** Every chart panel's data, one panel after the other (a few queries each). */
export async function queryPanels(api: RangeQuery, dashboard: Dashboard, window: TimeWindow): Promise<PanelData[]> {
  const panels: PanelData[] = [];
  for (const panel of dashboard.charts) panels.push(await panelData(api, panel, dashboard.variables, window));
  return panels;
}
