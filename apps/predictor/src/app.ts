/**
 * Builds the predictor's Express app from explicit dependencies; nothing here reads the
 * environment, opens a port or touches process-wide state, so tests build as many as they like.
 */
import type { FeatureStore, FraudModel } from '@fraudwatch/model';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { createAlertCounter } from './alert-counter.js';
import type { Config } from './config.js';
import { createDecisionLog } from './decision-log.js';
import type { ScoreDrift } from './drift.js';
import { handleErrors, notFound } from './errors.js';
import { createFeedbackRecorder } from './feedback.js';
import { httpMetrics } from './http-metrics.js';
import type { Metrics } from './metrics.js';
import { createReadiness, type Readiness } from './readiness.js';
import { requestLogging } from './request-logging.js';
import { batchRoute } from './routes/batch.js';
import { feedbackRoute } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { modelCardRoute } from './routes/model-card.js';
import { predictRoute } from './routes/predict.js';
import { seedCompatRoutes } from './routes/seed-compat.js';
import { createScorer } from './scoring.js';

export interface AppDeps {
  readonly config: Config;
  readonly model: FraudModel;
  /** The online feature state; the same one `metrics` reports the size of. */
  readonly store: FeatureStore;
  readonly metrics: Metrics;
  /** Score drift against the model's reference; the same one `metrics` reports. */
  readonly drift: ScoreDrift;
  readonly logger: Logger;
  /** The server's clock (epoch ms), against which event times from the future are refused. */
  readonly now: () => number;
}

export interface PredictorApp {
  readonly app: Express;
  /** Starts not ready: the caller marks it ready once it listens, and draining on shutdown. */
  readonly readiness: Readiness;
}

export function createApp({ config, model, store, metrics, drift, logger, now }: AppDeps): PredictorApp {
  const readiness = createReadiness(metrics.ready);
  const decisions = createDecisionLog(config.feedbackMemorySize);
  const alertCounter = createAlertCounter({
    resetTerminalId: config.alertResetTerminalId,
    mode: config.alertCounterMode,
    gauge: metrics.alertCounter,
    resets: metrics.alertCounterResets,
  });
  const scorer = createScorer({ model, store, metrics, alertCounter, decisions, drift });
  const feedback = createFeedbackRecorder({ modelVersion: model.card.version, store, metrics, decisions });
  const { bodyLimitBytes, maxBatchSize } = config;
  const eventTime = { now, maxSkewMs: config.maxEventTimeSkewMs };

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a hash of every response body; no client here revalidates a score or a scrape,
  // and for a 1000-transaction batch the hash is a few percent of the CPU (docs/benchmarks.md).
  app.set('etag', false);
  app.use(requestLogging(logger, app.request), httpMetrics(metrics));
  app.use(
    predictRoute({ scorer, bodyLimitBytes, eventTime }),
    batchRoute({ scorer, bodyLimitBytes, maxBatchSize, eventTime }),
    feedbackRoute({ feedback, bodyLimitBytes, maxBatchSize, eventTime }),
    seedCompatRoutes({ scorer, eventTime }),
    healthRoutes({ readiness }),
    modelCardRoute({ card: model.card }),
    metricsRoute({ registry: metrics.registry }),
  );
  app.use(notFound);
  app.use(handleErrors);
  return { app, readiness };
}
