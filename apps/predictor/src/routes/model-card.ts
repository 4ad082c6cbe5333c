/** GET /v1/model: the loaded model's card. */
import type { ModelCard } from '@fraudwatch/model';
import { Router } from 'express';
import { defineRoute } from './define-route.js';

export function modelCardRoute({ card }: { readonly card: ModelCard }): Router {
  const body = {
    name: card.name,
    version: card.version,
    algorithm: card.algorithm,
    trained_at: card.trainedAt,
    features: card.features,
    threshold: card.threshold,
    metrics: card.metrics,
    schema_version: card.schemaVersion,
  };
  const router = Router();
  defineRoute(router, '/v1/model', { get: (_req, res) => void res.json(body) });
  return router;
}
