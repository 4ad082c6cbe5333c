/** GET /metrics: the Prometheus text exposition of the predictor's registry. */
import { Router } from 'express';
import type { Registry } from 'prom-client';
import { defineRoute } from './define-route.js';

export function metricsRoute({ registry }: { readonly registry: Registry }): Router {
  const router = Router();
  defineRoute(router, '/metrics', {
    get: async (_req, res) => {
      res.set('Content-Type', registry.contentType).send(await registry.metrics());
    },
  });
  return router;
}
