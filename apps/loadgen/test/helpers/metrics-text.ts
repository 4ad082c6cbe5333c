/** Reads samples out of the predictor's /metrics exposition, by catalogue name and labels. */
import { parseExposition, sumOf } from '@fraudwatch/metrics/testing';
import { request } from '@fraudwatch/stack';

/** Sum of the samples of `name` whose labels include `labels`. */
export async function readMetric(target: URL, name: string, labels: Readonly<Record<string, string>> = {}): Promise<number> {
  return sumOf(parseExposition(await request(new URL('/metrics', target))), name, labels);
}
