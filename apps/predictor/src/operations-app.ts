/**
 * The operations listener (METRICS_PORT): /metrics, /healthz and /readyz for Prometheus and the
 * kubelet, apart from the API so that neither needs an API key and the network can admit each
 * port to its own clients.
 */
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { handleErrors, notFound } from './errors.js';
import { httpMetrics } from './http-metrics.js';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';
import { requestLogging } from './request-logging.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';

export interface OperationsAppDeps {
  /** The API app's readiness: the probes must report the API's state, not this listener's. */
  readonly readiness: Readiness;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export function createOperationsApp({ readiness, metrics, logger }: OperationsAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogging(logger, app.request), httpMetrics(metrics));
  app.use(healthRoutes({ readiness }), metricsRoute({ registry: metrics.registry }));
  app.use(notFound);
  app.use(handleErrors);
  return app;
}
