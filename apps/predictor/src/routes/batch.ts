/**
 * POST /v1/predict/batch: `{transactions: [...]}` → `{predictions: [...]}` in the same order.
 * The whole batch is validated before any transaction is scored: a bad one rejects them all,
 * and nothing is recorded. `?explain=true` explains every prediction (explain-query.ts). If the
 * feature store fails part-way (a 503), the transactions already recorded answer their stored
 * predictions when the batch is sent again.
 */
import { transactionInputSchema, type Transaction } from '@fraudwatch/model';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Router } from 'express';
import type { Auth } from '../auth/auth.js';
import { z } from 'zod';
import { parseInput } from '../errors.js';
import { notInFuture, type EventTimeLimit } from '../event-time.js';
import type { ScoreOptions, Scorer } from '../scoring.js';
import { jsonPostRoute } from './define-route.js';
import { explainRequested } from './explain-query.js';
import { predictionResponse } from './prediction-response.js';

export interface BatchRouteDeps {
  readonly scorer: Scorer;
  readonly bodyLimitBytes: number;
  readonly maxBatchSize: number;
  readonly eventTime: EventTimeLimit;
  readonly auth: Pick<Auth, 'requireRole' | 'mayResetAlertCounter'>;
}

/**
 * Transactions scored between two turns of the event loop. Scored in one go, a full
 * batch held every other request back for its whole scoring time (docs/benchmarks.md, the
 * event-loop check); in slices, other requests are answered in between, in order as ever.
 */
const SCORING_SLICE = 100;

async function scoreInSlices(scorer: Scorer, transactions: readonly Transaction[], options: ScoreOptions) {
  const predictions: ReturnType<typeof predictionResponse>[] = [];
  for (let start = 0; start < transactions.length; start += SCORING_SLICE) {
    if (start > 0) await nextTurn();
    for (const p of await scorer.score(transactions.slice(start, start + SCORING_SLICE), options)) predictions.push(predictionResponse(p));
  }
  return predictions;
}

export function batchRoute({ scorer, bodyLimitBytes, maxBatchSize, eventTime, auth }: BatchRouteDeps): Router {
  const transaction = notInFuture(transactionInputSchema, eventTime);
  const schema = z.strictObject({ transactions: z.array(transaction).min(1).max(maxBatchSize) });
  return jsonPostRoute('/v1/predict/batch', bodyLimitBytes, auth.requireRole('score'), async (req, res) => {
    const explain = explainRequested(req, scorer);
    const { transactions } = parseInput(schema, req.body, 'body');
    const options = { mayResetAlertCounter: auth.mayResetAlertCounter(req), explain };
    res.json({ predictions: await scoreInSlices(scorer, transactions, options) });
  });
}
