/** The tests' exposition parser, on what prom-client (the predictor's client library) really writes. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { bucketsOf, parseExposition, sumOf, valueOf } from '../src/testing/exposition.js';

async function exposition(): Promise<string> {
  const registry = new Registry();
  const requests = new Counter({ name: 'requests_total', help: 'Requests.', labelNames: ['route', 'status_code'], registers: [registry] });
  requests.inc({ route: '/v1/predict', status_code: '200' }, 3);
  requests.inc({ route: '/v1/predict', status_code: '400' }, 2);
  requests.inc({ route: 'a "quoted"\\path\nline', status_code: '200' });
  new Gauge({ name: 'level', help: 'A level.', registers: [registry] }).set(-1.5);
  const latency = new Histogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1], registers: [registry] });
  latency.observe(0.05);
  latency.observe(5);
  return registry.metrics();
}

describe('parseExposition', () => {
  it('reads TYPE lines and every sample with its labels and value', async () => {
    const parsed = parseExposition(await exposition());

    expect(Object.fromEntries(parsed.types)).toEqual({ requests_total: 'counter', level: 'gauge', latency_seconds: 'histogram' });
    expect(valueOf(parsed, 'requests_total', { status_code: '400' })).toBe(2);
    expect(valueOf(parsed, 'level')).toBe(-1.5);
    expect(valueOf(parsed, 'latency_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(valueOf(parsed, 'latency_seconds_bucket', { le: '0.1' })).toBe(1);
    expect(valueOf(parsed, 'latency_seconds_sum')).toBe(5.05);
  });

  it('unescapes label values', async () => {
    const parsed = parseExposition(await exposition());
    expect(valueOf(parsed, 'requests_total', { route: 'a "quoted"\\path\nline' })).toBe(1);
  });

  it('reads infinities and a trailing timestamp', () => {
    const parsed = parseExposition('a +Inf\nb -Inf 1700000000000\n');
    expect([valueOf(parsed, 'a'), valueOf(parsed, 'b')]).toEqual([Infinity, -Infinity]);
  });

  it('rejects a line it cannot read, naming it', () => {
    expect(() => parseExposition('good 1\nnot a sample line\n')).toThrow('unparseable exposition line: not a sample line');
  });
});

describe('valueOf, sumOf and bucketsOf', () => {
  it('valueOf insists on exactly one matching sample', async () => {
    const parsed = parseExposition(await exposition());
    expect(() => valueOf(parsed, 'requests_total', { route: '/v1/predict' })).toThrow('2 samples of requests_total match');
    expect(() => valueOf(parsed, 'missing_total')).toThrow('0 samples of missing_total match');
  });

  it('sumOf adds every matching sample, and is 0 when none match', async () => {
    const parsed = parseExposition(await exposition());
    expect(sumOf(parsed, 'requests_total')).toBe(6);
    expect(sumOf(parsed, 'requests_total', { status_code: '200' })).toBe(4);
    expect(sumOf(parsed, 'missing_total')).toBe(0);
  });

  it('bucketsOf gives a histogram\'s cumulative buckets in ascending order, +Inf last', async () => {
    const parsed = parseExposition(await exposition());
    expect(bucketsOf(parsed, 'latency_seconds')).toEqual([
      [0.1, 1],
      [1, 1],
      [Infinity, 2],
    ]);
    expect(bucketsOf(parsed, 'missing_seconds')).toEqual([]);
  });
});
