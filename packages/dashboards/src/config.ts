/**
 * The one place that holds every selector, threshold and window (kubernetes-mixin's `_config`).
 * Alerts and the dashboard read it; nothing else hard-codes them.
 */

export type ProfileName = 'default' | 'fast';
export const PROFILES: readonly ProfileName[] = ['default', 'fast'];

/**
 * The Prometheus `job` label of the predictor's scrape target. With a ServiceMonitor it is the
 * Service's name; the local stack names its scrape job the same.
 */
export const PREDICTOR_JOB = 'fraudwatch-predictor';

/** One window pair of a multi-window multi-burn-rate alert (SRE workbook, table 5-8). */
export interface BurnWindow {
  readonly long: string;
  readonly short: string;
  /** How many times faster than sustainable the error budget burns. */
  readonly factor: number;
}

export interface MonitoringConfig {
  readonly profile: ProfileName;
  /** PromQL label matchers selecting the predictor's series (without braces). */
  readonly selector: string;
  /** Prometheus rule group evaluation interval. */
  readonly evaluationInterval: string;
  readonly alertCounter: { readonly threshold: number; readonly for: string };
  readonly fraudRate: {
    readonly window: string;
    /** Share of fraud decisions above which the alert fires. */
    readonly threshold: number;
    /** Decisions the window must hold, so that a handful of requests cannot trip it. */
    readonly minDecisions: number;
    readonly for: string;
  };
  readonly scoreDrift: {
    /** PSI from which the dashboard marks a moderate shift (the panel only). */
    readonly watch: number;
    /** PSI above which the alert fires: by convention, a significant shift. */
    readonly threshold: number;
    readonly for: string;
  };
  readonly down: { readonly for: string };
  /** Failed or timed-out calls of the predictors to their online feature store. */
  readonly featureStore: {
    readonly window: string;
    /** Share of calls over `window` that failed, above which the store counts as unavailable. */
    readonly threshold: number;
    readonly for: string;
  };
  readonly notReady: { readonly for: string };
  readonly latency: {
    readonly quantile: number;
    readonly window: string;
    readonly thresholdSeconds: number;
    readonly for: string;
  };
  readonly errorBudget: {
    /** Availability objective on the non-5xx share of requests. */
    readonly objective: number;
    readonly windows: readonly BurnWindow[];
    readonly for: string;
  };
  /** Where each alert's runbook section lives; the anchor is the alert name in lower case. */
  readonly runbookBaseUrl: string;
  readonly grafana: {
    readonly orgId: number;
    readonly folderUid: string;
    readonly folder: string;
    /** kube-prometheus-stack provisions its Prometheus datasource with this uid. */
    readonly datasourceUid: string;
    readonly interval: string;
    /** How far back each Grafana rule query looks, in seconds. */
    readonly queryRangeSeconds: number;
  };
}

/** The seed's Grafana alert: `alert_counter > 5`. */
export const SEED_ALERT_THRESHOLD = 5;

const defaultProfile: MonitoringConfig = {
  profile: 'default',
  selector: `job="${PREDICTOR_JOB}"`,
  evaluationInterval: '30s',
  alertCounter: { threshold: SEED_ALERT_THRESHOLD, for: '1m' },
  // The simulator's fraud share is ~0.8 % and the model flags about that or a little more, so 20 %
  // is far above any baseline and well below a fraud burst.
  fraudRate: { window: '10m', threshold: 0.2, minDecisions: 200, for: '5m' },
  // Population stability index: below 0.1 no real change, 0.1–0.2 moderate, above 0.2 significant
  // (the credit-scoring convention the metric's help text states). Drift is slow by nature; half an
  // hour keeps a short attack (FraudRateSpike's job) from paging twice.
  scoreDrift: { watch: 0.1, threshold: 0.2, for: '30m' },
  down: { for: '2m' },
  // Most calls failing, not a stray timeout: a lost connection fails every call at once (there is no
  // offline queue). Over 2m for 2m, a Redis restart or failover shorter than about two minutes
  // (PredictorErrorBudgetBurn still counts its 503s) does not page; a store that stays away pages
  // within about three.
  featureStore: { window: '2m', threshold: 0.5, for: '2m' },
  notReady: { for: '5m' },
  latency: { quantile: 0.99, window: '5m', thresholdSeconds: 0.25, for: '10m' },
  errorBudget: {
    objective: 0.999,
    windows: [
      { long: '1h', short: '5m', factor: 14.4 },
      { long: '6h', short: '30m', factor: 6 },
    ],
    for: '2m',
  },
  runbookBaseUrl: 'https://github.com/fraudwatch/fraudwatch/blob/main/packages/dashboards/README.md',
  grafana: {
    orgId: 1,
    folderUid: 'fraudwatch',
    folder: 'FraudWatch',
    datasourceUid: 'prometheus',
    interval: '1m',
    queryRangeSeconds: 600,
  },
};

/** What a profile changes of the default: nested objects merge, arrays and values replace. */
type Overrides<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Overrides<T[K]> : T[K];
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withOverrides<T extends object>(base: T, overrides: Overrides<T>): T {
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const inherited = merged[key];
    merged[key] = isPlainObject(inherited) && isPlainObject(value) ? withOverrides(inherited, value) : value;
  }
  return merged as T;
}

// Prometheus scrapes and evaluates every second in the local stack; a drill lasts tens of seconds.
const fastOverrides: Overrides<MonitoringConfig> = {
  profile: 'fast',
  evaluationInterval: '1s',
  alertCounter: { for: '0s' },
  fraudRate: { window: '15s', minDecisions: 20, for: '0s' },
  // The drill's fraud burst pushes the PSI of the last scores above 0.2 (a burst is a shift), and the
  // gauge keeps that value while traffic stops. The drill is bounded by its step timeouts to a few
  // minutes: 10m outlasts it, so the drill trips FraudRateSpike alone, and only a shift sustained
  // (or left standing, e.g. a `demo --keep` idling after the drill) fires.
  scoreDrift: { for: '10m' },
  // Prometheus finds its targets ~5 s after start: a short `for` keeps that gap from paging.
  down: { for: '15s' },
  featureStore: { window: '15s', for: '0s' },
  notReady: { for: '15s' },
  latency: { window: '30s', thresholdSeconds: 0.5, for: '0s' },
  errorBudget: {
    windows: [
      { long: '1m', short: '10s', factor: 14.4 },
      { long: '3m', short: '30s', factor: 6 },
    ],
    for: '0s',
  },
};

const profiles: Record<ProfileName, MonitoringConfig> = {
  default: defaultProfile,
  fast: withOverrides(defaultProfile, fastOverrides),
};

export function monitoringConfig(profile: ProfileName): MonitoringConfig {
  return profiles[profile];
}
