/**
 * Node's default process metrics, as prom-client's `collectDefaultMetrics` exposes them.
 * Dashboards may query these besides the catalogue; a test keeps the list true to prom-client.
 */
import type { MetricDefinition } from './catalogue.js';

type DefaultMetric = Pick<MetricDefinition, 'name' | 'type'>;

export const nodeDefaultMetrics: readonly DefaultMetric[] = [
  { name: 'process_cpu_user_seconds_total', type: 'counter' },
  { name: 'process_cpu_system_seconds_total', type: 'counter' },
  { name: 'process_cpu_seconds_total', type: 'counter' },
  { name: 'process_start_time_seconds', type: 'gauge' },
  { name: 'process_resident_memory_bytes', type: 'gauge' },
  { name: 'process_virtual_memory_bytes', type: 'gauge' },
  { name: 'process_heap_bytes', type: 'gauge' },
  { name: 'process_open_fds', type: 'gauge' },
  { name: 'process_max_fds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_min_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_max_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_mean_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_stddev_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p50_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p90_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p99_seconds', type: 'gauge' },
  { name: 'nodejs_active_resources', type: 'gauge' },
  { name: 'nodejs_active_resources_total', type: 'gauge' },
  { name: 'nodejs_active_handles', type: 'gauge' },
  { name: 'nodejs_active_handles_total', type: 'gauge' },
  { name: 'nodejs_active_requests', type: 'gauge' },
  { name: 'nodejs_active_requests_total', type: 'gauge' },
  { name: 'nodejs_heap_size_total_bytes', type: 'gauge' },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge' },
  { name: 'nodejs_external_memory_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_total_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_used_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_available_bytes', type: 'gauge' },
  { name: 'nodejs_version_info', type: 'gauge' },
  { name: 'nodejs_gc_duration_seconds', type: 'histogram' },
];
