import { Registry, collectDefaultMetrics } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  ALERT_NAMES,
  catalogue,
  catalogueMetricNames,
  exposedSeriesNames,
  nodeDefaultMetrics,
  recordedSeries,
} from '../src/index.js';

// Prometheus' metric and label name grammar.
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Labels that would carry unbounded values (ids, raw paths) must never be declared.
const UNBOUNDED_LABELS = ['customer_id', 'terminal_id', 'transaction_id', 'path', 'url'];

describe('metric catalogue', () => {
  it('has unique, well-formed names', () => {
    expect(new Set(catalogueMetricNames).size).toBe(catalogueMetricNames.length);
    for (const name of catalogueMetricNames) expect(name).toMatch(METRIC_NAME);
  });

  it.each(Object.values(catalogue))('$name follows the Prometheus naming rules', (def) => {
    expect(def.help.length).toBeGreaterThan(10);
    for (const label of def.labelNames) {
      expect(label).toMatch(LABEL_NAME);
      expect(UNBOUNDED_LABELS).not.toContain(label);
    }
    if (def.type === 'counter') expect(def.name).toMatch(/_total$/);
    else expect(def.name).not.toMatch(/_total$/);
    if (def.type === 'histogram') {
      const b = def.buckets ?? [];
      expect(b.length).toBeGreaterThan(3);
      expect([...b].sort((x, y) => x - y)).toEqual(b);
      expect(new Set(b).size).toBe(b.length);
      expect(def.name).toMatch(/_seconds$|_probability$/);
    } else {
      expect(def.buckets).toBeUndefined();
    }
    if (def.name.includes('duration')) expect(def.name).toMatch(/_seconds$/);
  });

  it('keeps the legacy metric under its original name', () => {
    expect(catalogue.alertCounter.name).toBe('alert_counter');
    expect(catalogue.alertCounter.type).toBe('gauge');
  });

  it('exposes _bucket, _sum and _count for histograms only', () => {
    expect(exposedSeriesNames(catalogue.inferenceDuration)).toEqual([
      'predictor_inference_duration_seconds_bucket',
      'predictor_inference_duration_seconds_sum',
      'predictor_inference_duration_seconds_count',
    ]);
    expect(exposedSeriesNames(catalogue.alertCounter)).toEqual(['alert_counter']);
  });
});

describe('node default metrics', () => {
  it('match what prom-client collectDefaultMetrics registers', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const actual = (await registry.getMetricsAsJSON()).map((m) => ({ name: m.name, type: String(m.type) }));
    expect([...nodeDefaultMetrics].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      actual.sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it('do not collide with catalogue names', () => {
    const defaults = new Set(nodeDefaultMetrics.map((m) => m.name));
    for (const name of catalogueMetricNames) expect(defaults.has(name)).toBe(false);
  });
});

describe('alert-name catalogue', () => {
  it('has unique names in UpperCamelCase, as Prometheus alert names go', () => {
    expect(new Set(ALERT_NAMES).size).toBe(ALERT_NAMES.length);
    for (const name of ALERT_NAMES) expect(name).toMatch(/^[A-Z][a-zA-Z0-9]+$/);
  });
});

describe('recorded series', () => {
  it('follow level:metric:operation with the window last, and collide with no metric', () => {
    const name = recordedSeries.httpErrorRatio('5m');
    expect(name).toBe('predictor:http_requests_errors:ratio_rate5m');
    expect(name).toMatch(METRIC_NAME);
    expect(name.split(':')).toHaveLength(3);
    expect(catalogueMetricNames).not.toContain(name);
  });
});
