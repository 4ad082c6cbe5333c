/**
 * The composition root: one predictor from its configuration, its model and what the process
 * provides (logger, clock). Every part is made here once and handed to those that use it, so the
 * feature store and drift that the metrics report are by construction the ones scoring uses.
 * main.ts and the tests both start a predictor through this.
 */
import { createOnlineStore, type OnlineStore } from '@fraudwatch/feature-store';
import { DEFAULT_FEATURE_STORE_OPTIONS, type ScoringModel } from '@fraudwatch/model';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp } from './app.js';
import { createAuth, type Auth } from './auth/auth.js';
import type { Config } from './config.js';
import { createScoreDrift } from './drift.js';
import { createFeedbackRecorder } from './feedback.js';
import { createMetrics } from './metrics.js';
import { createOperationsApp } from './operations-app.js';
import { createReadiness, type Readiness } from './readiness.js';
import { createScorer } from './scoring.js';
import { instrumentStore } from './store-metrics.js';

/** Readiness probes within this reuse the last answer of the feature store's health check. */
export const STORE_HEALTH_CACHE_MS = 1000;

export interface PredictorDeps {
  readonly logger: Logger;
  /** The server's clock (epoch ms), against which event times from the future are refused. */
  readonly now: () => number;
  /** Node's default process metrics, on unless false (see MetricsDeps). */
  readonly defaultMetrics?: boolean;
}

export interface Predictor {
  /** The HTTP app; the caller listens with it. */
  readonly app: Express;
  /** With METRICS_PORT, the app for it (/metrics and the probes); the caller listens with it too. */
  readonly operationsApp: Express | undefined;
  /** The API keys: the caller reloads them (SIGHUP) and closes them (their file watch) on stop. */
  readonly auth: Pick<Auth, 'reload' | 'close'>;
  /** Starts not ready: the caller marks it ready once it listens, and draining on shutdown. */
  readonly readiness: Readiness;
  /** The online state the app scores with (memory, or shared on Redis). */
  readonly store: OnlineStore;
  /** The registry that /metrics serves. */
  readonly registry: Registry;
  /** Closes the feature store's connections; after the server has drained. */
  close(): Promise<void>;
}

/**
 * With Redis, the store connects in the background and keeps reconnecting: a predictor started
 * while Redis is unreachable starts anyway, not ready (/readyz 503, scoring 503) until it is.
 * Throws a KeysFileError when API_KEYS_FILE is broken. A model without a reference score histogram
 * (a bare XGBoost file) is served with score drift monitoring off: there is nothing to compare the
 * live scores with, so no PSI series is exported.
 */
export async function createPredictor(config: Config, model: ScoringModel, deps: PredictorDeps): Promise<Predictor> {
  const { logger, now, defaultMetrics = true } = deps;
  const auth = createAuth({ keysFile: config.apiKeysFile, logger });
  const { labelDelayDays } = DEFAULT_FEATURE_STORE_OPTIONS;
  const online = createOnlineStore(config.featureStore, {
    labelDelayDays,
    alertCounter: { resetTerminalId: config.alertResetTerminalId, mode: config.alertCounterMode },
    memory: config.memoryStore,
    onError: (error) => logger.warn({ err: error }, 'feature store connection'),
  });
  const drift = model.reference && createScoreDrift({ reference: model.reference.scoreHistogram, window: config.driftWindow });
  if (!drift) logger.warn({ model: model.card.name, modelVersion: model.card.version }, 'the model file has no reference score histogram: score drift monitoring is off');
  // isReady is read at scrape time, once everything below exists.
  const metrics = createMetrics({ card: model.card, featureStore: online, isReady: () => readiness.isReady(), scoreDrift: drift, defaultMetrics });
  const store = instrumentStore(online, metrics);
  const readiness = createReadiness({ storeHealth: () => store.health(), healthCacheMs: STORE_HEALTH_CACHE_MS });
  const scorer = createScorer({ model, store, labelDelayDays, resetTerminalId: config.alertResetTerminalId, metrics, drift });
  const feedback = createFeedbackRecorder({ modelVersion: model.card.version, store, metrics });
  const app = createApp({ config, card: model.card, driftMonitoring: drift !== undefined, scorer, feedback, readiness, metrics, auth, logger, now });
  const operationsApp = config.metricsPort === undefined ? undefined : createOperationsApp({ readiness, metrics, logger });
  return { app, operationsApp, auth, readiness, store, registry: metrics.registry, close: () => store.close() };
}
