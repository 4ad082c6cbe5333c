/**
 * The predictor's own view of its latency over a measured run: the change in its request-duration
 * histogram between two scrapes. Unlike the client's view it leaves out time spent queued in the
 * kernel or waiting for a shared CPU, so the two side by side show where a tail comes from.
 */
import { catalogue } from '@fraudwatch/metrics';
import { bucketsOf, parseExposition } from '@fraudwatch/metrics/testing';
import { request } from '@fraudwatch/stack';

export interface ServerLatency {
  /** histogram_quantile(0.99) over the run, as Prometheus computes it (linear within a bucket). */
  readonly p99Ms: number;
  /** Share of the run's requests answered within 5 ms. */
  readonly within5Ms: number;
}

/** Prometheus' histogram_quantile on cumulative [upper bound, count] buckets. */
export function histogramQuantile(q: number, buckets: readonly [number, number][]): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** Reads the request-duration histogram of one route before and after a run. */
export function serverLatencyRecorder(url: string, labels: Readonly<Record<string, string>>) {
  const read = async () => bucketsOf(parseExposition(await request(`${url}/metrics`)), catalogue.httpRequestDuration.name, labels);
  let before: [number, number][] = [];
  let after: [number, number][] = [];
  return {
    hooks: {
      before: async () => void (before = await read()),
      after: async () => void (after = await read()),
    },
    result(): ServerLatency {
      const delta = after.map(([bound, count], i): [number, number] => [bound, count - (before[i]?.[1] ?? 0)]);
      const total = delta.at(-1)?.[1] ?? 0;
      const within5 = delta.find(([bound]) => bound >= 0.005)?.[1] ?? 0;
      return { p99Ms: histogramQuantile(0.99, delta) * 1000, within5Ms: total > 0 ? within5 / total : Number.NaN };
    },
  };
}
