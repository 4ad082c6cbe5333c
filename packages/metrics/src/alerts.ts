/**
 * The alert-name catalogue: the only place a FraudWatch alert's name is spelled. The rules in
 * packages/dashboards define them, the load generator's drill and the end-to-end test wait for
 * them, and each has a runbook section under its name.
 */
export const alertNames = {
  /** The seed's alert: `alert_counter` above its threshold. */
  alertCounterHigh: 'AlertCounterHigh',
  fraudRateSpike: 'FraudRateSpike',
  modelScoreDrift: 'ModelScoreDrift',
  predictorDown: 'PredictorDown',
  predictorNotReady: 'PredictorNotReady',
  predictorLatencyHigh: 'PredictorLatencyHigh',
  predictorErrorBudgetBurn: 'PredictorErrorBudgetBurn',
  featureStoreUnavailable: 'FeatureStoreUnavailable',
} as const;

export type AlertName = (typeof alertNames)[keyof typeof alertNames];

export const ALERT_NAMES: readonly AlertName[] = Object.values(alertNames);

/**
 * Series that recording rules write: `level:metric:operation` (Prometheus' naming convention for
 * recording rules), with the window last as Sloth names its SLI series (`…:ratio_rate5m`).
 */
export const recordedSeries = {
  /** Share of the predictor's requests answered with a 5xx over `window`, per job. */
  httpErrorRatio: (window: string) => `predictor:http_requests_errors:ratio_rate${window}`,
} as const;
