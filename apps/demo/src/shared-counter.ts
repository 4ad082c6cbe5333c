/**
 * With several replicas on one Redis, the summary shows alert_counter as Prometheus saw it on each:
 * its peak during the drill and its value now, which are the same on every replica (one shared
 * value), and on which replica each reset was counted.
 */
import { catalogue } from '@fraudwatch/metrics';
import type { PrometheusApi, VectorSample } from '@fraudwatch/stack';

export interface InstanceCounter {
  readonly instance: string;
  readonly peak: number;
  readonly now: number;
  readonly resets: number;
}

function byInstance(result: unknown): Map<string, number> {
  const samples = Array.isArray(result) ? (result as VectorSample[]) : [];
  return new Map(samples.map((s) => [s.metric.instance ?? '', Number(s.value[1])]));
}

/** alert_counter per scraped instance over the last `windowSeconds`, read from Prometheus. */
export async function instanceCounters(prometheus: PrometheusApi, windowSeconds: number): Promise<InstanceCounter[]> {
  const window = `${Math.max(1, Math.ceil(windowSeconds))}s`;
  const counter = catalogue.alertCounter.name;
  const [peak, now, resets] = await Promise.all([
    prometheus.query(`max_over_time(${counter}[${window}])`),
    prometheus.query(counter),
    prometheus.query(`increase(${catalogue.alertCounterResets.name}[${window}])`),
  ]);
  const [peaks, nows, resetCounts] = [byInstance(peak.result), byInstance(now.result), byInstance(resets.result)];
  return [...peaks.keys()].sort().map((instance) => ({
    instance,
    peak: peaks.get(instance) ?? 0,
    now: nows.get(instance) ?? 0,
    resets: Math.round(resetCounts.get(instance) ?? 0),
  }));
}

const same = (values: readonly number[]): boolean => values.every((v) => v === values[0]);

/** Human lines for the summary. */
export function formatInstanceCounters(counters: readonly InstanceCounter[]): string[] {
  if (counters.length === 0) return ['  alert_counter: no series in Prometheus'];
  const peaks = counters.map((c) => c.peak);
  const nows = counters.map((c) => c.now);
  const shared = same(peaks) && same(nows);
  return [
    `  alert_counter on ${counters.length} replicas sharing one Redis: ${shared ? 'the same value on every replica' : 'replicas DISAGREE'}`,
    ...counters.map((c) => `    ${c.instance.padEnd(22)} peak ${c.peak}, now ${c.now}, resets counted here ${c.resets}`),
  ];
}
