/**
 * The predictor's HTTP face: middleware and routes over parts built elsewhere (predictor.ts).
 * Nothing here reads the environment, opens a port or touches process-wide state.
 */
import type { ModelCard } from '@fraudwatch/model';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Auth } from './auth/auth.js';
import type { Config } from './config.js';
import { handleErrors, notFound } from './errors.js';
import type { FeedbackRecorder } from './feedback.js';
import { httpMetrics } from './http-metrics.js';
import type { Metrics } from './metrics.js';
import type { Readiness } from './readiness.js';
import { requestLogging } from './request-logging.js';
import { batchRoute } from './routes/batch.js';
import { feedbackRoute } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { legacyRoutes } from './routes/legacy.js';
import { metricsRoute } from './routes/metrics.js';
import { modelCardRoute } from './routes/model-card.js';
import { predictRoute } from './routes/predict.js';
import type { Scorer } from './scoring.js';

export interface AppDeps {
  readonly config: Pick<Config, 'bodyLimitBytes' | 'maxBatchSize' | 'maxEventTimeSkewMs' | 'metricsPort'>;
  readonly card: ModelCard;
  /** Off when the model carries no reference score histogram (predictor.ts). */
  readonly driftMonitoring: boolean;
  readonly scorer: Scorer;
  readonly feedback: FeedbackRecorder;
  readonly readiness: Readiness;
  readonly metrics: Metrics;
  /** Guards the routes that score or label; health, `GET /` and `/v1/model` stay open. */
  readonly auth: Auth;
  readonly logger: Logger;
  /** The server's clock (epoch ms), against which event times from the future are refused. */
  readonly now: () => number;
}

export function createApp({ config, card, driftMonitoring, scorer, feedback, readiness, metrics, auth, logger, now }: AppDeps): Express {
  const { bodyLimitBytes, maxBatchSize } = config;
  const eventTime = { now, maxSkewMs: config.maxEventTimeSkewMs };

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a hash of every response body; no client here revalidates a score or a scrape,
  // and the hash is a measurable share of a request's CPU (docs/benchmarks.md, the ablation).
  app.set('etag', false);
  app.use(requestLogging(logger, app.request, auth.callerName), httpMetrics(metrics));
  app.use(
    predictRoute({ scorer, bodyLimitBytes, eventTime, auth }),
    batchRoute({ scorer, bodyLimitBytes, maxBatchSize, eventTime, auth }),
    feedbackRoute({ feedback, bodyLimitBytes, maxBatchSize, eventTime, auth }),
    legacyRoutes({ scorer, eventTime, auth }),
    healthRoutes({ readiness }),
    modelCardRoute({ card, driftMonitoring, canExplain: scorer.canExplain }),
  );
  // With an operations port, /metrics is served there only (operations-app.ts).
  if (config.metricsPort === undefined) app.use(metricsRoute({ registry: metrics.registry }));
  app.use(notFound);
  app.use(handleErrors);
  return app;
}
