/** POST /v1/predict: one transaction in, one prediction out. */
import { transactionInputSchema } from '@fraudwatch/model';
import { Router } from 'express';
import { parseInput } from '../errors.js';
import { notInFuture, type EventTimeLimit } from '../event-time.js';
import { jsonBody } from '../json-body.js';
import type { Scorer } from '../scoring.js';
import { defineRoute } from './define-route.js';
import { predictionResponse } from './prediction-response.js';

export interface PredictRouteDeps {
  readonly scorer: Scorer;
  readonly bodyLimitBytes: number;
  readonly eventTime: EventTimeLimit;
}

export function predictRoute({ scorer, bodyLimitBytes, eventTime }: PredictRouteDeps): Router {
  const schema = notInFuture(transactionInputSchema, eventTime);
  const router = Router();
  defineRoute(router, '/v1/predict', {
    post: [
      ...jsonBody(bodyLimitBytes),
      (req, res) => {
        const tx = parseInput(schema, req.body, 'body');
        res.json(predictionResponse(scorer.score(tx)));
      },
    ],
  });
  return router;
}
