/**
 * A small Express app guarded by createAuth the way the predictor's routes are: request logging
 * and HTTP metrics first, then routes that each need one role, then the predictor's error handler.
 * The handlers echo what authentication decided, so tests see it.
 */
import { createFeatureStore } from '@fraudwatch/model';
import express, { type RequestHandler } from 'express';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createAuth, type Auth } from '../../src/auth/auth.js';
import { createScoreDrift } from '../../src/drift.js';
import { handleErrors, notFound } from '../../src/errors.js';
import { httpMetrics } from '../../src/http-metrics.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { requestLogging } from '../../src/request-logging.js';
import { defineRoute } from '../../src/routes/define-route.js';
import { boundAddress, listen } from '../../src/server.js';
import { amountModel } from '../helpers.js';
import type { ProtectedRoute } from './route-matrix.js';

export const TINY_ROUTES: readonly ProtectedRoute[] = [
  { method: 'POST', path: '/v1/predict', role: 'score', body: () => ({ tx_amount: 1 }), okStatus: 200 },
  { method: 'POST', path: '/v1/feedback', role: 'feedback', body: () => ({ is_fraud: true }), okStatus: 202 },
  { method: 'GET', path: '/predict?terminal_id=13', role: 'score', okStatus: 200 },
];

export interface TinyApp {
  readonly url: string;
  readonly auth: Auth;
  readonly metrics: Metrics;
  /** Holds every /slow request after its role check until called. */
  release(): void;
  /** Resolves once a /slow request has passed its role check and is waiting. */
  slowArrived(): Promise<void>;
  close(): Promise<void>;
}

export async function startTinyApp({ keysFile, logger }: { keysFile: string | undefined; logger: Logger }): Promise<TinyApp> {
  const auth = createAuth({ keysFile, logger });
  const store = createFeatureStore({ maxCustomers: 10, maxTerminals: 10 });
  const drift = createScoreDrift({ reference: amountModel.reference.scoreHistogram, window: 100 });
  const metrics = createMetrics({ card: amountModel.card, featureStore: store, scoreDrift: drift, defaultMetrics: false });

  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let arrived = (): void => undefined;
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));

  const echo =
    (status: number): RequestHandler =>
    (req, res) =>
      void res.status(status).json({ caller: auth.callerName(req), mayReset: auth.mayResetAlertCounter(req) });

  const app = express();
  const router = express.Router();
  app.use(requestLogging(logger, app.request, auth.callerName), httpMetrics(metrics));
  for (const route of TINY_ROUTES) {
    const path = route.path.split('?')[0]!;
    defineRoute(router, path, { [route.method.toLowerCase()]: [auth.requireRole(route.role), echo(route.okStatus)] });
  }
  defineRoute(router, '/slow', {
    get: [
      auth.requireRole('score'),
      async (req, res) => {
        arrived();
        await gate;
        echo(200)(req, res, () => undefined);
      },
    ],
  });
  app.use(router, notFound, handleErrors);

  const server: Server = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${boundAddress(server).port}`,
    auth,
    metrics,
    release: () => release(),
    slowArrived: () => slowArrived,
    close: () =>
      new Promise<void>((resolve, reject) => {
        auth.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
