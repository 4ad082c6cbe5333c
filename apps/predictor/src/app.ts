/**
 * The predictor's HTTP face: middleware and routes over parts built elsewhere (predictor.ts).
 * Nothing here reads the environment, opens a port or touches process-wide state.
 */
import type { ModelCard } from '@fraudwatch/model';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
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
  readonly config: Pick<Config, 'bodyLimitBytes' | 'maxBatchSize' | 'maxEventTimeSkewMs'>;
  readonly card: ModelCard;
  /** Off when the model carries no reference score histogram (predictor.ts). */
  readonly driftMonitoring: boolean;
  readonly scorer: Scorer;
  readonly feedback: FeedbackRecorder;
  readonly readiness: Readiness;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** The server's clock (epoch ms), against which event times from the future are refused. */
  readonly now: () => number;
}

export function createApp({ config, card, driftMonitoring, scorer, feedback, readiness, metrics, logger, now }: AppDeps): Express {
  const { bodyLimitBytes, maxBatchSize } = config;
  const eventTime = { now, maxSkewMs: config.maxEventTimeSkewMs };

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a hash of every response body; no client here revalidates a score or a scrape,
  // and the hash is a measurable share of a request's CPU (docs/benchmarks.md, the ablation).
  app.set('etag', false);
  app.use(requestLogging(logger, app.request), httpMetrics(metrics));
  app.use(
    predictRoute({ scorer, bodyLimitBytes, eventTime }),
    batchRoute({ scorer, bodyLimitBytes, maxBatchSize, eventTime }),
    feedbackRoute({ feedback, bodyLimitBytes, maxBatchSize, eventTime }),
    legacyRoutes({ scorer, eventTime }),
    healthRoutes({ readiness }),
    modelCardRoute({ card, driftMonitoring, canExplain: scorer.canExplain }),
    metricsRoute({ registry: metrics.registry }),
  );
  app.use(notFound);
  app.use(handleErrors);
  return app;
}
