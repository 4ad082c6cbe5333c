import { z } from 'zod';
import { decode, getJson, underBase } from './http.js';
import { pollUntil } from './poll.js';

/** A sample of an instant-query vector, as Prometheus' HTTP API returns it. */
export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** Every answer of the v1 API; `status` is "success" on 2xx. */
const envelope = z.object({ status: z.literal('success'), data: z.unknown() });

const labels = z.record(z.string(), z.string());

const queryResult = z.object({ resultType: z.enum(['vector', 'matrix', 'scalar', 'string']), result: z.unknown() });
export type QueryResult = z.infer<typeof queryResult>;

/** A range query's series: [unix seconds, value as text] pairs. */
const matrixSeries = z.object({ metric: labels, values: z.array(z.tuple([z.number(), z.string()])) });
export type MatrixSeries = z.infer<typeof matrixSeries>;

/** The time range and resolution of a range query, in unix seconds. */
export interface QueryRange {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

const alertState = z.enum(['pending', 'firing']);
export type AlertState = z.infer<typeof alertState>;

const prometheusAlert = z.object({ labels, annotations: labels.default({}), state: alertState, activeAt: z.string().optional(), value: z.string().optional() });
export type PrometheusAlert = z.infer<typeof prometheusAlert>;

const target = z.object({
  labels,
  scrapeUrl: z.string(),
  health: z.enum(['up', 'down', 'unknown']),
  lastError: z.string(),
  /** RFC 3339 time of the last scrape. */
  lastScrape: z.string(),
});
export type PrometheusTarget = z.infer<typeof target>;

const ruleGroup = z.object({
  name: z.string(),
  file: z.string(),
  rules: z.array(z.object({ name: z.string(), type: z.enum(['alerting', 'recording']), state: z.string().optional() })),
});
export type RuleGroup = z.infer<typeof ruleGroup>;

export interface PrometheusApi {
  /** Instant query at `time` (unix seconds), default now. A bad query is an UnexpectedStatusError with Prometheus' error text. */
  query(expr: string, time?: number): Promise<QueryResult>;
  /** Range query (`/api/v1/query_range`); a bad query is an UnexpectedStatusError with Prometheus' error text. */
  queryRange(expr: string, range: QueryRange): Promise<MatrixSeries[]>;
  /** Pending and firing alerts. */
  alerts(): Promise<PrometheusAlert[]>;
  /** Alert name → state; with several series of one alert, firing wins. */
  alertStates(): Promise<Map<string, AlertState>>;
  targets(): Promise<PrometheusTarget[]>;
  ruleGroups(): Promise<RuleGroup[]>;
  /** Names of the alerting rules loaded, in file order. */
  alertingRuleNames(): Promise<string[]>;
  /** Polls until there is at least one target and every target is up. */
  waitForTargetsUp(timeoutMs: number): Promise<PrometheusTarget[]>;
  /** Polls until every target has been scraped after `epochMs`, so what happened before is in the TSDB. */
  waitForScrapeAfter(epochMs: number, timeoutMs: number): Promise<void>;
}

/** The number of samples/series a query returned: 0 means "no data". */
export function resultSize(result: QueryResult): number {
  const isSeriesList = result.resultType === 'vector' || result.resultType === 'matrix';
  return isSeriesList && Array.isArray(result.result) ? result.result.length : 1;
}

/** A client for the parts of Prometheus' HTTP API the drill, the demo and the tests read; `baseUrl` may carry a path prefix. */
export function createPrometheusApi(baseUrl: string | URL): PrometheusApi {
  async function get<T>(path: string, data: z.ZodType<T>, params: Record<string, string> = {}): Promise<T> {
    const url = underBase(baseUrl, `api/v1/${path}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const source = `Prometheus /api/v1/${path}`;
    return decode(data, decode(envelope, await getJson(url), source).data, `${source} (data)`);
  }

  const api: PrometheusApi = {
    query: (expr, time) => get('query', queryResult, { query: expr, ...(time === undefined ? {} : { time: String(time) }) }),
    queryRange: async (expr, { start, end, step }) =>
      (await get('query_range', z.object({ result: z.array(matrixSeries) }), { query: expr, start: String(start), end: String(end), step: String(step) }))
        .result,
    alerts: async () => (await get('alerts', z.object({ alerts: z.array(prometheusAlert) }))).alerts,
    alertStates: async () => {
      const states = new Map<string, AlertState>();
      for (const alert of await api.alerts()) {
        const name = alert.labels.alertname;
        if (name !== undefined && states.get(name) !== 'firing') states.set(name, alert.state);
      }
      return states;
    },
    targets: async () => (await get('targets', z.object({ activeTargets: z.array(target) }), { state: 'active' })).activeTargets,
    ruleGroups: async () => (await get('rules', z.object({ groups: z.array(ruleGroup) }))).groups,
    alertingRuleNames: async () =>
      (await api.ruleGroups()).flatMap((g) => g.rules.filter((r) => r.type === 'alerting').map((r) => r.name)),
    waitForTargetsUp: (timeoutMs) =>
      pollUntil(
        async () => {
          const targets = await api.targets();
          const down = targets.filter((t) => t.health !== 'up');
          if (targets.length === 0) throw new Error('no targets yet');
          if (down.length > 0) throw new Error(`not up: ${down.map((t) => `${t.scrapeUrl} (${t.health} ${t.lastError})`).join(', ')}`);
          return targets;
        },
        { what: 'every scrape target to be up', timeoutMs, intervalMs: 250 },
      ),
    waitForScrapeAfter: async (epochMs, timeoutMs) => {
      await pollUntil(
        async () => {
          const targets = await api.targets();
          return targets.length > 0 && targets.every((t) => Date.parse(t.lastScrape) > epochMs) ? true : undefined;
        },
        { what: `a scrape of every target after ${new Date(epochMs).toISOString()}`, timeoutMs, intervalMs: 250 },
      );
    },
  };
  return api;
}
