/** The latency row: quantiles, the slowest routes, and the whole distribution. */
import { catalogue } from '@fraudwatch/metrics';
import { UNIT, heatmapPanel, timeseriesPanel, type PanelContext } from './common.js';

const WIDTH = 8;
export const LATENCY_QUANTILES = [0.5, 0.9, 0.99] as const;

export function latencyQuantilesPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Request latency quantiles',
    description: 'Request duration quantiles across all routes.',
    unit: UNIT.seconds,
    width: WIDTH,
    targets: LATENCY_QUANTILES.map((quantile) => ({
      expr: q.requestLatencyQuantile(quantile, window),
      legend: `p${quantile * 100}`,
    })),
  });
}

export function latencyByRoutePanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Latency p99 by route',
    description: '99th percentile of request duration per route template.',
    unit: UNIT.seconds,
    width: WIDTH,
    targets: [{ expr: q.requestLatencyQuantile(0.99, window, ['route']), legend: '{{route}}' }],
  });
}

export function latencyHeatmapPanel({ q, window }: PanelContext) {
  return heatmapPanel({
    title: 'Request latency distribution',
    description: 'Requests per duration bucket over time.',
    unit: UNIT.short,
    yUnit: UNIT.seconds,
    width: WIDTH,
    targets: [{ expr: q.bucketIncrease(catalogue.httpRequestDuration, window) }],
  });
}
