/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: it should get traffic). */
import { Router } from 'express';
import type { Readiness } from '../readiness.js';
import { defineRoute } from './define-route.js';

export function healthRoutes({ readiness }: { readonly readiness: Readiness }): Router {
  const router = Router();
  defineRoute(router, '/healthz', { get: (_req, res) => void res.json({ status: 'ok' }) });
  defineRoute(router, '/readyz', {
    get: (_req, res) => {
      if (readiness.isReady()) res.json({ status: 'ready' });
      else res.status(503).json({ status: 'not ready' });
    },
  });
  return router;
}
