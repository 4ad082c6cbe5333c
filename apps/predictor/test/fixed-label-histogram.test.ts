/** The fixed-label histogram writes exactly what prom-client's Histogram writes for the same observations. */
import { catalogue } from '@fraudwatch/metrics';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { fixedLabelHistogram } from '../src/fixed-label-histogram.js';

const labels = { model_version: 'v"1\\n' };

function pair(def: typeof catalogue.fraudProbability | typeof catalogue.inferenceDuration) {
  const ours = new Registry();
  const theirs = new Registry();
  const fixed = fixedLabelHistogram(ours, def, labels);
  const reference = new Histogram({ name: def.name, help: def.help, labelNames: def.labelNames, buckets: [...(def.buckets ?? [])], registers: [theirs] });
  reference.zero(labels);
  const observe = (value: number) => {
    fixed.observe(value);
    reference.labels(labels).observe(value);
  };
  return { ours, theirs, fixed, observe };
}

describe('fixedLabelHistogram', () => {
  it.each([catalogue.fraudProbability, catalogue.inferenceDuration])('exposes $name as prom-client does', async (def) => {
    const { ours, theirs, observe } = pair(def);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    const bounds = def.buckets ?? [];
    // Every bound exactly (le is inclusive), just above it, below the first and above the last.
    for (const value of [0, ...bounds, ...bounds.map((b) => b * 1.001), bounds[bounds.length - 1]! * 10, 0.37, 0.37]) observe(value);
    const exposition = await ours.metrics();
    expect(exposition).toBe(await theirs.metrics());
    expect(exposition).toContain(`${def.name}_count{model_version="v\\"1\\\\n"} ${2 * bounds.length + 4}`);
  });

  it('refuses a value that is not a finite number, as prom-client does', () => {
    const { fixed } = pair(catalogue.fraudProbability);
    expect(() => fixed.observe(Number.NaN)).toThrow(TypeError);
  });
});
