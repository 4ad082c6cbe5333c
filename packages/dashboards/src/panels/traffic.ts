/** The traffic and errors row. */
import { UNIT, timeseriesPanel, type PanelContext } from './common.js';

const WIDTH = 6;

export function requestsByRoutePanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Requests by route',
    description: 'Requests per second by route template (`unmatched` for unknown paths).',
    unit: UNIT.reqps,
    width: WIDTH,
    targets: [{ expr: q.requestRate(window, ['route']), legend: '{{route}}' }],
  });
}

export function requestsByStatusPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Requests by status code',
    description: 'Requests per second by HTTP status code.',
    unit: UNIT.reqps,
    width: WIDTH,
    targets: [{ expr: q.requestRate(window, ['status_code']), legend: '{{status_code}}' }],
  });
}

export function errorRatiosPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Error ratios',
    description: '5xx are our failures (the SLO counts them); 4xx are bad input, rejected with a reason.',
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [
      { expr: q.serverErrorRatio(window), legend: '5xx' },
      { expr: q.clientErrorRatio(window), legend: '4xx' },
    ],
  });
}

export function inFlightPanel({ q }: PanelContext) {
  return timeseriesPanel({
    title: 'Requests in flight',
    description: 'Requests being handled right now: a queue building up shows here first.',
    unit: UNIT.short,
    width: WIDTH,
    targets: [{ expr: q.inFlight(), legend: 'in flight' }],
  });
}
