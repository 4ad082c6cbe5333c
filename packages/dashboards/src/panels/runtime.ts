/** The runtime row: Node's event loop, memory, CPU and garbage collector (prom-client defaults). */
import { nodeMetric } from '../queries.js';
import { UNIT, timeseriesPanel, type PanelContext } from './common.js';

const WIDTH = 6;

export function eventLoopLagPanel({ q }: PanelContext) {
  return timeseriesPanel({
    title: 'Event loop lag',
    description: 'How late timers fire: scoring runs on the event loop, so lag is latency for everyone.',
    unit: UNIT.seconds,
    width: WIDTH,
    targets: [
      { expr: q.gauge(nodeMetric('nodejs_eventloop_lag_p99_seconds')), legend: 'p99 {{instance}}' },
      { expr: q.gauge(nodeMetric('nodejs_eventloop_lag_mean_seconds')), legend: 'mean {{instance}}' },
    ],
  });
}

export function memoryPanel({ q }: PanelContext) {
  return timeseriesPanel({
    title: 'Memory',
    description: 'V8 heap in use and the resident set: the feature store grows with customers and terminals.',
    unit: UNIT.bytes,
    width: WIDTH,
    targets: [
      { expr: q.gauge(nodeMetric('nodejs_heap_size_used_bytes')), legend: 'heap used {{instance}}' },
      { expr: q.gauge(nodeMetric('process_resident_memory_bytes')), legend: 'rss {{instance}}' },
    ],
  });
}

export function cpuPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'CPU',
    description: 'CPU time per second (1 = one core busy).',
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [
      { expr: q.counterRate(nodeMetric('process_cpu_seconds_total'), window, ['instance']), legend: '{{instance}}' },
    ],
  });
}

export function garbageCollectionPanel({ q, window }: PanelContext) {
  return timeseriesPanel({
    title: 'Garbage collection',
    description: 'Share of time spent in GC pauses, by kind.',
    unit: UNIT.percentunit,
    width: WIDTH,
    targets: [
      {
        expr: q.histogramSumRate(nodeMetric('nodejs_gc_duration_seconds'), window, ['kind']),
        legend: '{{kind}}',
      },
    ],
  });
}
