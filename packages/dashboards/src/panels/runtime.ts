/** The runtime row: Node's event loop, memory, CPU and garbage collector (prom-client defaults). */
import { nodeMetric, type Queries } from '../queries.js';
import { UNIT, timeseriesPanel, type PanelContext, type PanelSpec, type Target } from './common.js';

type RuntimePanel = Omit<PanelSpec, 'width' | 'targets'> & {
  readonly targets: (ctx: PanelContext) => readonly Target[];
};

/** Four panels side by side fill the row. */
function runtimePanel(spec: RuntimePanel) {
  return (ctx: PanelContext) => timeseriesPanel({ ...spec, width: 6, targets: spec.targets(ctx) });
}

/** One line per replica for each of Node's default gauges named, labelled `<legend> <instance>`. */
function perInstanceGauges(gauges: Readonly<Record<string, string>>) {
  return ({ q }: PanelContext): Target[] =>
    Object.entries(gauges).map(([legend, name]) => ({ expr: q.gauge(nodeMetric(name)), legend: `${legend} {{instance}}` }));
}

/** One line per value of `label`, of a rate Prometheus sums by it. */
function ratePer(label: string, rate: (q: Queries, window: string, by: string[]) => string) {
  return ({ q, window }: PanelContext): Target[] => [{ expr: rate(q, window, [label]), legend: `{{${label}}}` }];
}

export const eventLoopLagPanel = runtimePanel({
  title: 'Event loop lag',
  description: 'How late timers fire: scoring runs on the event loop, so lag is latency for everyone.',
  unit: UNIT.seconds,
  targets: perInstanceGauges({ p99: 'nodejs_eventloop_lag_p99_seconds', mean: 'nodejs_eventloop_lag_mean_seconds' }),
});

export const memoryPanel = runtimePanel({
  title: 'Memory',
  description: 'V8 heap in use and the resident set: the feature store grows with customers and terminals.',
  unit: UNIT.bytes,
  targets: perInstanceGauges({ 'heap used': 'nodejs_heap_size_used_bytes', rss: 'process_resident_memory_bytes' }),
});

export const cpuPanel = runtimePanel({
  title: 'CPU',
  description: 'CPU time per second (1 = one core busy).',
  unit: UNIT.percentunit,
  targets: ratePer('instance', (q, window, by) => q.counterRate(nodeMetric('process_cpu_seconds_total'), window, by)),
});

export const garbageCollectionPanel = runtimePanel({
  title: 'Garbage collection',
  description: 'Share of time spent in GC pauses, by kind.',
  unit: UNIT.percentunit,
  targets: ratePer('kind', (q, window, by) => q.histogramSumRate(nodeMetric('nodejs_gc_duration_seconds'), window, by)),
});
