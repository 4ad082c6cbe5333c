/**
 * The legacy API (the FastAPI service FraudWatch grew out of), kept for its clients:
 * `GET /` → `{"status":"OK"}` and `GET /predict?…` with its query parameters (including the
 * misspelt `tranaction_id`) → `{"pred": 0|1}`.
 */
import { txDatetimeSchema, type Transaction } from '@fraudwatch/model';
import { Router } from 'express';
import type { Auth } from '../auth/auth.js';
import { z } from 'zod';
import { parseInput } from '../errors.js';
import { notInFuture, type EventTimeLimit } from '../event-time.js';
import type { Scorer } from '../scoring.js';
import { defineRoute } from './define-route.js';

// Query values arrive as strings: spelled-out digits only, so '' or '1e3' is not silently a number.
const idParam = z
  .string()
  .regex(/^\d{1,16}$/, 'expected a non-negative integer')
  .transform(Number)
  .pipe(z.number().max(Number.MAX_SAFE_INTEGER));
const decimalParam = z
  .string()
  .regex(/^\d{1,15}(\.\d{1,15})?$/, 'expected a non-negative decimal number')
  .transform(Number);

const legacyQuerySchema = z
  .strictObject({
    tranaction_id: idParam.optional(),
    transaction_id: idParam.optional(),
    tx_datetime: txDatetimeSchema,
    customer_id: idParam,
    terminal_id: idParam,
    tx_amount: decimalParam,
    // Derived from tx_datetime in the legacy data; accepted for compatibility, not used.
    tx_time_seconds: decimalParam.optional(),
    tx_time_days: decimalParam.optional(),
  })
  .transform((q, ctx): Transaction => {
    const transactionId = q.tranaction_id ?? q.transaction_id;
    if (transactionId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tranaction_id'], message: 'required (or transaction_id)' });
      return z.NEVER;
    }
    if (q.transaction_id !== undefined && q.transaction_id !== transactionId) {
      ctx.addIssue({ code: 'custom', path: ['transaction_id'], message: 'differs from tranaction_id' });
      return z.NEVER;
    }
    return {
      transactionId,
      time: q.tx_datetime,
      customerId: q.customer_id,
      terminalId: q.terminal_id,
      amount: q.tx_amount,
    };
  });

export interface LegacyRouteDeps {
  readonly scorer: Scorer;
  readonly eventTime: EventTimeLimit;
  readonly auth: Pick<Auth, 'requireRole' | 'mayResetAlertCounter'>;
}

/** `GET /` stays open, like the health routes; `GET /predict` scores, so it needs `score`. */
export function legacyRoutes({ scorer, eventTime, auth }: LegacyRouteDeps): Router {
  const schema = notInFuture(legacyQuerySchema, eventTime);
  const router = Router();
  defineRoute(router, '/', { get: (_req, res) => void res.json({ status: 'OK' }) });
  defineRoute(router, '/predict', {
    get: [
      auth.requireRole('score'),
      async (req, res) => {
        const tx = parseInput(schema, req.query, 'query');
        const [prediction] = await scorer.score([tx], { mayResetAlertCounter: auth.mayResetAlertCounter(req) });
        res.json({ pred: prediction!.decision === 'fraud' ? 1 : 0 });
      },
    ],
  });
  return router;
}
