/**
 * The one way the predictor makes a metric: from its catalogue entry, on the app's registry, as
 * the type the catalogue gives it (a counter entry cannot become a gauge: the types say so).
 *
 * - `metric`: prom-client's class for the entry's type, for metrics whose label values arise at
 *   run time (HTTP) or that change rarely; a `collect` hook refreshes one from its owner's state
 *   at scrape time.
 * - `tallyCounter`, `tallyHistograms`, `tallyHistogram`: for what every scored transaction records, whose series are
 *   all known when the metric is made (one model version per process). prom-client validates and
 *   hashes the label set on every call, even through a bound child, a measurable share of a
 *   batch's CPU (docs/benchmarks.md); a tally counts in plain numbers and writes the same lines
 *   as prom-client's class from them at scrape time.
 */
import type { MetricDefinition, MetricType } from '@fraudwatch/metrics';
import { Counter, Gauge, Histogram, type CollectFunction, type Metric, type Registry } from 'prom-client';

type Labels<L extends string> = Readonly<Record<L, string>>;

/** prom-client's class for each metric type. */
interface PromMetric<L extends string> {
  readonly counter: Counter<L>;
  readonly gauge: Gauge<L>;
  readonly histogram: Histogram<L>;
}

/** `def` as prom-client's class of its type; `collect`, if given, runs at every scrape. */
export function metric<L extends string, T extends MetricType>(
  registry: Registry,
  def: MetricDefinition<L, T>,
  collect?: CollectFunction<PromMetric<L>[T]>,
): PromMetric<L>[T] {
  // The hook's `this` is the class made for T; TypeScript cannot follow that through the table below.
  const hook = collect as CollectFunction<PromMetric<L>[MetricType]> | undefined;
  const options = { name: def.name, help: def.help, labelNames: def.labelNames, registers: [registry], ...(hook ? { collect: hook } : {}) };
  const made = {
    counter: () => new Counter(options),
    gauge: () => new Gauge(options),
    histogram: () => new Histogram({ ...options, buckets: [...(def.buckets ?? [])] }),
  }[def.type]();
  return made as PromMetric<L>[T];
}

interface Sample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** Registers `def` as a metric whose samples are made at scrape time; `reset` zeroes its tallies. */
function registerTally(registry: Registry, def: MetricDefinition, samples: () => Sample[], reset: () => void): void {
  const { name, help, type } = def;
  // The registry's contract for a metric is this shape (name, help, type, get, reset); its
  // typings only list prom-client's own classes.
  const metric = { name, help, type, aggregator: 'sum', get: () => ({ name, help, type, aggregator: 'sum', values: samples() }), reset };
  registry.registerMetric(metric as unknown as Metric);
}

/**
 * A counter with one series per key of `series`, each with the labels given there; every series
 * exists from the start (at 0), so rates and ratios work before the first event.
 */
export function tallyCounter<L extends string, K extends string>(
  registry: Registry,
  def: MetricDefinition<L, 'counter'>,
  series: Readonly<Record<K, Labels<L>>>,
): { inc(key: K): void } {
  const keys = Object.keys(series) as K[];
  const counts = {} as Record<K, number>;
  const zero = () => {
    for (const key of keys) counts[key] = 0;
  };
  zero();
  registerTally(registry, def, () => keys.map((key) => ({ labels: { ...series[key] }, value: counts[key] })), zero);
  return {
    inc(key) {
      counts[key] += 1;
    },
  };
}

/**
 * A histogram with one series per key of `series`, each with the labels given there; every series
 * exists from the start (at 0).
 */
export function tallyHistograms<L extends string, K extends string>(
  registry: Registry,
  def: MetricDefinition<L, 'histogram'>,
  series: Readonly<Record<K, Labels<L>>>,
): { observe(key: K, value: number): void } {
  const bounds = def.buckets ?? [];
  const keys = Object.keys(series) as K[];
  // counts[key][i]: observations in (bounds[i-1], bounds[i]]; the last slot is above every bound.
  let counts = {} as Record<K, Float64Array>;
  let sums = {} as Record<K, number>;
  const zero = () => {
    counts = {} as Record<K, Float64Array>;
    sums = {} as Record<K, number>;
    for (const key of keys) {
      counts[key] = new Float64Array(bounds.length + 1);
      sums[key] = 0;
    }
  };
  zero();

  function samplesOf(key: K): Sample[] {
    const labels = series[key];
    const slots = counts[key];
    let cumulative = 0;
    const buckets = bounds.map((le, i) => {
      cumulative += slots[i]!;
      return { metricName: `${def.name}_bucket`, labels: { le, ...labels }, value: cumulative };
    });
    const count = cumulative + slots[bounds.length]!;
    return [
      ...buckets,
      { metricName: `${def.name}_bucket`, labels: { le: '+Inf', ...labels }, value: count },
      { metricName: `${def.name}_sum`, labels: { ...labels }, value: sums[key] },
      { metricName: `${def.name}_count`, labels: { ...labels }, value: count },
    ];
  }

  registerTally(registry, def, () => keys.flatMap(samplesOf), zero);
  return {
    observe(key, value) {
      if (!Number.isFinite(value)) throw new TypeError(`${def.name}: not a finite number: ${value}`);
      let i = 0;
      while (i < bounds.length && value > bounds[i]!) i++;
      counts[key][i]! += 1;
      sums[key] += value;
    },
  };
}

/** A histogram with one series, whose labels are fixed here; it exists from the start (at 0). */
export function tallyHistogram<L extends string>(
  registry: Registry,
  def: MetricDefinition<L, 'histogram'>,
  labels: Labels<L>,
): { observe(value: number): void } {
  const histogram = tallyHistograms(registry, def, { only: labels });
  return { observe: (value) => histogram.observe('only', value) };
}
