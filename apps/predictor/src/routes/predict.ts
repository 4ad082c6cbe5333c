/** POST /v1/predict[?explain=true]: one transaction in, one prediction out (with its explanation when asked). */
import { transactionInputSchema } from '@fraudwatch/model';
import type { Router } from 'express';
import type { Auth } from '../auth/auth.js';
import { parseInput } from '../errors.js';
import { notInFuture, type EventTimeLimit } from '../event-time.js';
import type { Scorer } from '../scoring.js';
import { jsonPostRoute } from './define-route.js';
import { explainRequested } from './explain-query.js';
import { predictionResponse } from './prediction-response.js';

export interface PredictRouteDeps {
  readonly scorer: Scorer;
  readonly bodyLimitBytes: number;
  readonly eventTime: EventTimeLimit;
  readonly auth: Pick<Auth, 'requireRole' | 'mayResetAlertCounter'>;
}

export function predictRoute({ scorer, bodyLimitBytes, eventTime, auth }: PredictRouteDeps): Router {
  const schema = notInFuture(transactionInputSchema, eventTime);
  return jsonPostRoute('/v1/predict', bodyLimitBytes, auth.requireRole('score'), async (req, res) => {
    const explain = explainRequested(req, scorer);
    const tx = parseInput(schema, req.body, 'body');
    const [prediction] = await scorer.score([tx], { mayResetAlertCounter: auth.mayResetAlertCounter(req), explain });
    res.json(predictionResponse(prediction!));
  });
}
