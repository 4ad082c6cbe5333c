import { pollUntil } from './poll.js';

/** A sample of an instant-query vector, as Prometheus' HTTP API returns it. */
export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** A series of a range query's matrix: [unix seconds, value as text] pairs. */
export interface MatrixSeries {
  readonly metric: Record<string, string>;
  readonly values: readonly [number, string][];
}

/** The time range and resolution of a range query, in unix seconds. */
export interface QueryRange {
  readonly start: number;
  readonly end: number;
  readonly step: number;
}

export interface QueryResult {
  readonly resultType: 'vector' | 'matrix' | 'scalar' | 'string';
  readonly result: unknown;
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
  readonly value: string;
}

export interface PrometheusTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
  /** RFC 3339 time of the last scrape. */
  readonly lastScrape: string;
}

export interface RuleGroup {
  readonly name: string;
  readonly file: string;
  readonly rules: readonly { readonly name: string; readonly type: 'alerting' | 'recording'; readonly state?: string }[];
}

export interface PrometheusApi {
  /** Instant query at `time` (unix seconds), default now. Throws with Prometheus' error text on a bad query. */
  query(expr: string, time?: number): Promise<QueryResult>;
  /** Range query (`/api/v1/query_range`); throws with Prometheus' error text on a bad query. */
  queryRange(expr: string, range: QueryRange): Promise<MatrixSeries[]>;
  /** Pending and firing alerts. */
  alerts(): Promise<PrometheusAlert[]>;
  targets(): Promise<PrometheusTarget[]>;
  ruleGroups(): Promise<RuleGroup[]>;
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

/** A thin client for the parts of Prometheus' HTTP API the demo and tests read. */
export function createPrometheusApi(baseUrl: string): PrometheusApi {
  async function get<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(`/api/v1/${path}`, baseUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') {
      throw new Error(`Prometheus ${path} failed (${body.errorType ?? response.status}): ${body.error ?? 'no error text'}`);
    }
    return body.data;
  }

  const api: PrometheusApi = {
    query: (expr, time) => get<QueryResult>('query', { query: expr, ...(time === undefined ? {} : { time: String(time) }) }),
    queryRange: async (expr, { start, end, step }) =>
      (await get<{ result: MatrixSeries[] }>('query_range', { query: expr, start: String(start), end: String(end), step: String(step) }))
        .result,
    alerts: async () => (await get<{ alerts: PrometheusAlert[] }>('alerts')).alerts,
    targets: async () => (await get<{ activeTargets: PrometheusTarget[] }>('targets', { state: 'active' })).activeTargets,
    ruleGroups: async () => (await get<{ groups: RuleGroup[] }>('rules')).groups,
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
