/**
 * With several replicas on one Redis, the summary shows alert_counter as Prometheus saw it: the peak
 * of max(alert_counter) during the drill, the value every replica exports now (the same: one shared
 * value), and on which replica each reset was counted. (Per-replica peaks would differ by when each
 * was scraped while the counter climbed, not by what they export.)
 */
import { catalogue } from '@fraudwatch/metrics';
import type { PrometheusApi, VectorSample } from '@fraudwatch/stack';

export interface InstanceCounter {
  readonly instance: string;
  readonly now: number;
  readonly resets: number;
}

export interface SharedCounter {
  /** max(alert_counter) over the drill. */
  readonly peak: number;
  readonly instances: readonly InstanceCounter[];
}

function samplesOf(result: unknown): VectorSample[] {
  return Array.isArray(result) ? (result as VectorSample[]) : [];
}

function byInstance(result: unknown): Map<string, number> {
  return new Map(samplesOf(result).map((s) => [s.metric.instance ?? '', Number(s.value[1])]));
}

/** alert_counter over the last `windowSeconds`, read from Prometheus. */
export async function sharedCounter(prometheus: PrometheusApi, windowSeconds: number): Promise<SharedCounter> {
  const window = `${Math.max(1, Math.ceil(windowSeconds))}s`;
  const counter = catalogue.alertCounter.name;
  const [peak, now, resets] = await Promise.all([
    prometheus.query(`max_over_time(max(${counter})[${window}:1s])`),
    prometheus.query(counter),
    prometheus.query(`increase(${catalogue.alertCounterResets.name}[${window}])`),
  ]);
  const [nows, resetCounts] = [byInstance(now.result), byInstance(resets.result)];
  return {
    peak: Number(samplesOf(peak.result)[0]?.value[1] ?? 0),
    instances: [...nows.keys()].sort().map((instance) => ({
      instance,
      now: nows.get(instance) ?? 0,
      resets: Math.round(resetCounts.get(instance) ?? 0),
    })),
  };
}

/** Human lines for the summary. */
export function formatSharedCounter({ peak, instances }: SharedCounter): string[] {
  if (instances.length === 0) return ['  alert_counter: no series in Prometheus'];
  const nows = instances.map((c) => c.now);
  const same = nows.every((v) => v === nows[0]);
  const resets = instances.reduce((sum, c) => sum + c.resets, 0);
  return [
    `  alert_counter, shared by ${instances.length} replicas on one Redis: peak max(alert_counter) ${peak}; ` +
      (same ? `now ${nows[0]} on every replica` : `replicas DISAGREE now: ${nows.join(', ')}`),
    // Each reset transaction is scored, and so counted, by one replica, and resets the counter for all.
    `    ${resets} reset(s) counted over the drill (it sends one at its clean start and one at its reset step), each by the replica that scored it:`,
    ...instances.map((c) => `    ${c.instance.padEnd(22)} exports ${c.now}, resets counted here ${c.resets}`),
  ];
}
