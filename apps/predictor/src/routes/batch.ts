/**
 * POST /v1/predict/batch: `{transactions: [...]}` → `{predictions: [...]}` in the same order.
 * The whole batch is validated before any transaction is scored: a bad one rejects them all,
 * and nothing is recorded.
 */
import { transactionInputSchema } from '@fraudwatch/model';
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from '../errors.js';
import { jsonBody } from '../json-body.js';
import type { Scorer } from '../scoring.js';
import { defineRoute } from './define-route.js';
import { predictionResponse } from './prediction-response.js';

export interface BatchRouteDeps {
  readonly scorer: Scorer;
  readonly bodyLimitBytes: number;
  readonly maxBatchSize: number;
}

export function batchRoute({ scorer, bodyLimitBytes, maxBatchSize }: BatchRouteDeps): Router {
  const schema = z.strictObject({ transactions: z.array(transactionInputSchema).min(1).max(maxBatchSize) });
  const router = Router();
  defineRoute(router, '/v1/predict/batch', {
    post: [
      ...jsonBody(bodyLimitBytes),
      (req, res) => {
        const { transactions } = parseInput(schema, req.body, 'body');
        res.json({ predictions: transactions.map((tx) => predictionResponse(scorer.score(tx))) });
      },
    ],
  });
  return router;
}
