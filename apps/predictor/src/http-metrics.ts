/**
 * Records every request in the HTTP metrics when its response is done. The route label is the
 * matched route's template, read at the end (routing has happened by then), or `unmatched`:
 * never the raw path, so random URLs cannot grow the number of series.
 */
import { CLIENT_CLOSED_STATUS_CODE, UNMATCHED_ROUTE } from '@fraudwatch/metrics';
import type { Request, RequestHandler } from 'express';
import type { Metrics } from './metrics.js';

type HttpMetrics = Pick<Metrics, 'httpRequests' | 'httpRequestDuration' | 'httpRequestsInFlight'>;

function routeLabel(req: Request): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? path : UNMATCHED_ROUTE;
}

export function httpMetrics(metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    metrics.httpRequestsInFlight.inc();
    // 'close' fires for finished and for aborted responses alike, so in-flight always comes down
    // (for an aborted one, when the connection goes, even if its handler is still running).
    res.once('close', () => {
      metrics.httpRequestsInFlight.dec();
      const status_code = res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED_STATUS_CODE;
      const labels = { method: req.method, route: routeLabel(req), status_code };
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
