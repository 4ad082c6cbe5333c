/** The traffic and errors row. */
import { alertNames } from '@fraudwatch/metrics';
import { DASHBOARD_ERROR_WINDOWS } from '../slo.js';
import { UNIT, timeseriesPanel, type PanelContext } from './common.js';

const WIDTH = 6;

/** Requests per second split by one bounded label. */
function requestsBy(label: 'route' | 'status_code', title: string, description: string) {
  return ({ q, window }: PanelContext) =>
    timeseriesPanel({
      title,
      description,
      unit: UNIT.reqps,
      width: WIDTH,
      targets: [{ expr: q.requestRate(window, [label]), legend: `{{${label}}}` }],
    });
}

export const requestsByRoutePanel = requestsBy(
  'route',
  'Requests by route',
  'Requests per second by route template (`unmatched` for unknown paths).',
);

export const requestsByStatusPanel = requestsBy('status_code', 'Requests by status code', 'Requests per second by HTTP status code.');

export function errorRatiosPanel({ q, window, sloErrorRatio }: PanelContext) {
  return timeseriesPanel({
    title: 'Error ratios',
    description:
      `5xx are our failures: the availability SLO's recorded share over ${DASHBOARD_ERROR_WINDOWS.join(', ')}, ` +
      `the windows ${alertNames.predictorErrorBudgetBurn} compares. 4xx are bad input, rejected with a reason.`,
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [
      ...DASHBOARD_ERROR_WINDOWS.map((w) => ({ expr: sloErrorRatio(w), legend: `5xx over ${w}` })),
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
