/**
 * Event times from the future are refused at the edge. The feature windows slide to the newest
 * event time they have seen, so a single transaction (or label) dated 9999-12-31 would empty its
 * customer's and terminal's history and could hide a compromised terminal. Past times stay
 * accepted: replays, late labels and the simulator's 2018 data are all in the past.
 */
import type { z } from 'zod';

export interface EventTimeLimit {
  /** The server's clock, epoch ms. */
  readonly now: () => number;
  /** How far ahead of `now` an event time may be (client clocks drift). */
  readonly maxSkewMs: number;
}

/** `schema` (whose output has an event `time`) also refusing times beyond now + the skew, at `tx_datetime`. */
export function notInFuture<S extends z.ZodType<{ readonly time: number }>>(schema: S, { now, maxSkewMs }: EventTimeLimit): S {
  return schema.refine((event) => event.time <= now() + maxSkewMs, {
    path: ['tx_datetime'],
    message: `later than the server's clock plus MAX_EVENT_TIME_SKEW_MS (${maxSkewMs} ms)`,
  });
}
