/**
 * Liveness (`/healthz`: the process answers, whatever the feature store does) and readiness
 * (`/readyz`: it should get traffic: serving, and the feature store answers).
 */
import { Router } from 'express';
import type { Readiness } from '../readiness.js';
import { defineRoute } from './define-route.js';

export function healthRoutes({ readiness }: { readonly readiness: Readiness }): Router {
  const router = Router();
  defineRoute(router, '/healthz', { get: (_req, res) => void res.json({ status: 'ok' }) });
  defineRoute(router, '/readyz', {
    get: async (_req, res) => {
      if (await readiness.isReady()) res.json({ status: 'ready' });
      else res.status(503).json({ status: 'not ready' });
    },
  });
  return router;
}
