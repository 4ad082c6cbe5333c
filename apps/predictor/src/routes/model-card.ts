/** GET /v1/model: the loaded model's card, and whether its scores are watched for drift and can be explained. */
import type { ModelCard } from '@fraudwatch/model';
import { Router } from 'express';
import { defineRoute } from './define-route.js';

export interface ModelCardRouteDeps {
  readonly card: ModelCard;
  /** Off for a model file without a reference score histogram (a bare XGBoost model). */
  readonly driftMonitoring: boolean;
  readonly canExplain: boolean;
}

export function modelCardRoute({ card, driftMonitoring, canExplain }: ModelCardRouteDeps): Router {
  const body = {
    name: card.name,
    version: card.version,
    algorithm: card.algorithm,
    trained_at: card.trainedAt,
    features: card.features,
    threshold: card.threshold,
    metrics: card.metrics,
    schema_version: card.schemaVersion,
    drift_monitoring: driftMonitoring,
    explain: canExplain,
  };
  const router = Router();
  defineRoute(router, '/v1/model', { get: (_req, res) => void res.json(body) });
  return router;
}
