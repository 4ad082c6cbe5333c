/**
 * POST /v1/feedback: delayed fraud labels, one `{transaction_id, ..., is_fraud}` or
 * `{labels: [...]}`. All are validated before any is recorded; 202 once recorded. A label sent
 * again is accepted and changes nothing.
 */
import { fraudLabelInputSchema } from '@fraudwatch/model';
import type { Router } from 'express';
import type { Auth } from '../auth/auth.js';
import { z } from 'zod';
import { parseInput } from '../errors.js';
import { notInFuture, type EventTimeLimit } from '../event-time.js';
import type { FeedbackRecorder } from '../feedback.js';
import { jsonPostRoute } from './define-route.js';

export interface FeedbackRouteDeps {
  readonly feedback: FeedbackRecorder;
  readonly bodyLimitBytes: number;
  readonly maxBatchSize: number;
  readonly eventTime: EventTimeLimit;
  readonly auth: Pick<Auth, 'requireRole'>;
}

function isLabelList(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'labels' in body;
}

export function feedbackRoute({ feedback, bodyLimitBytes, maxBatchSize, eventTime, auth }: FeedbackRouteDeps): Router {
  const labelSchema = notInFuture(fraudLabelInputSchema, eventTime);
  const listSchema = z.strictObject({ labels: z.array(labelSchema).min(1).max(maxBatchSize) });
  return jsonPostRoute('/v1/feedback', bodyLimitBytes, auth.requireRole('feedback'), async (req, res) => {
    // Choosing the schema by shape keeps error paths exact (a union would blur them).
    const labels = isLabelList(req.body)
      ? parseInput(listSchema, req.body, 'body').labels
      : [parseInput(labelSchema, req.body, 'body')];
    await feedback.record(labels);
    res.status(202).json({ accepted: labels.length });
  });
}
