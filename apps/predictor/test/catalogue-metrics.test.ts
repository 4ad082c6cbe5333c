/** The tallies write exactly what prom-client's classes write for the same events. */
import { DECISIONS, catalogue } from '@fraudwatch/metrics';
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { tallyCounter, tallyHistogram } from '../src/catalogue-metrics.js';

const labels = { model_version: 'v"1\\n' };

function histogramPair(def: typeof catalogue.fraudProbability | typeof catalogue.inferenceDuration) {
  const ours = new Registry();
  const theirs = new Registry();
  const tally = tallyHistogram(ours, def, labels);
  const reference = new Histogram({ name: def.name, help: def.help, labelNames: def.labelNames, buckets: [...(def.buckets ?? [])], registers: [theirs] });
  reference.zero(labels);
  const observe = (value: number) => {
    tally.observe(value);
    reference.labels(labels).observe(value);
  };
  return { ours, theirs, tally, observe };
}

describe('tallyHistogram', () => {
  it.each([catalogue.fraudProbability, catalogue.inferenceDuration])('exposes $name as prom-client does', async (def) => {
    const { ours, theirs, observe } = histogramPair(def);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    const bounds = def.buckets ?? [];
    // Every bound exactly (le is inclusive), just above it, below the first and above the last.
    for (const value of [0, ...bounds, ...bounds.map((b) => b * 1.001), bounds[bounds.length - 1]! * 10, 0.37, 0.37]) observe(value);
    const exposition = await ours.metrics();
    expect(exposition).toBe(await theirs.metrics());
    expect(exposition).toContain(`${def.name}_count{model_version="v\\"1\\\\n"} ${2 * bounds.length + 4}`);
  });

  it('refuses a value that is not a finite number, as prom-client does', () => {
    const { tally } = histogramPair(catalogue.fraudProbability);
    expect(() => tally.observe(Number.NaN)).toThrow(TypeError);
  });
});

describe('tallyCounter', () => {
  it('exposes every series from the start and counts as prom-client does', async () => {
    const def = catalogue.predictions;
    const ours = new Registry();
    const theirs = new Registry();
    const series = { fraud: { ...labels, decision: 'fraud' }, legit: { ...labels, decision: 'legit' } } as const;
    const tally = tallyCounter(ours, def, series);
    const reference = new Counter({ name: def.name, help: def.help, labelNames: def.labelNames, registers: [theirs] });
    for (const decision of DECISIONS) reference.inc(series[decision], 0);
    expect(await ours.metrics()).toBe(await theirs.metrics());
    for (const decision of ['fraud', 'legit', 'legit', 'fraud', 'legit'] as const) {
      tally.inc(decision);
      reference.inc(series[decision]);
    }
    const exposition = await ours.metrics();
    expect(exposition).toBe(await theirs.metrics());
    expect(exposition).toContain(`${def.name}{model_version="v\\"1\\\\n",decision="legit"} 3`);
  });
});
