/**
 * `?explain=true|false` on the prediction routes: validated like any input (anything else is a 400
 * naming `explain`), and refused with a 422 naming it when the served model cannot explain (a random
 * forest, or boosted trees saved without node covers), before anything is scored.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { HttpError, parseInput } from '../errors.js';
import type { Scorer } from '../scoring.js';

// Other query parameters are not this module's: they are left alone, as before.
const querySchema = z.object({ explain: z.enum(['true', 'false']).optional() });

/** Whether the request asks for explanations. */
export function explainRequested(req: Request, scorer: Pick<Scorer, 'canExplain'>): boolean {
  const { explain } = parseInput(querySchema, req.query, 'query');
  if (explain !== 'true') return false;
  if (!scorer.canExplain) {
    const message = 'the served model cannot explain its scores (a random forest, or boosted trees saved without node covers)';
    throw new HttpError(422, message, [{ field: 'explain', message }]);
  }
  return true;
}
