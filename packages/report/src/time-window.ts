/** The drill's time range as Grafana would query it: a step, and its macros' values. */
import type { Seconds } from './report-data.js';

export interface TimeWindow {
  readonly start: Seconds;
  readonly end: Seconds;
  readonly step: Seconds;
  /** `$__rate_interval` (Grafana: max(step + scrape interval, 4 × scrape interval)). */
  readonly rateInterval: string;
  /** `$__range`: the whole window. */
  readonly range: string;
}

/** Grafana's default for a panel ~1000 px wide. */
const MAX_POINTS = 1000;

/**
 * Grafana's `$__interval` is the range over the panel's points, never below the scrape interval;
 * the step here is the same, in whole seconds.
 */
export function timeWindow(start: Date, end: Date, scrapeIntervalSeconds: number): TimeWindow {
  const from = Math.floor(start.getTime() / 1000);
  const to = Math.ceil(end.getTime() / 1000);
  if (!(to > from)) throw new Error(`the report's time range is empty: ${start.toISOString()} to ${end.toISOString()}`);
  if (!(scrapeIntervalSeconds > 0)) throw new Error(`the scrape interval must be positive, got ${scrapeIntervalSeconds}`);
  const step = Math.max(Math.ceil(scrapeIntervalSeconds), Math.ceil((to - from) / MAX_POINTS));
  const rate = Math.max(step + scrapeIntervalSeconds, 4 * scrapeIntervalSeconds);
  return { start: from, end: to, step, rateInterval: `${Math.ceil(rate)}s`, range: `${to - from}s` };
}

/** Every timestamp a range query over the window evaluates at. */
export function windowTimestamps(window: TimeWindow): Seconds[] {
  const xs: Seconds[] = [];
  for (let t = window.start; t <= window.end; t += window.step) xs.push(t);
  return xs;
}
